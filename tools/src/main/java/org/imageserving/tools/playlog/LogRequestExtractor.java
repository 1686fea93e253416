package org.imageserving.tools.playlog;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the request out of one access-log line. With a column ({@code -n}) it reads that field; without one it finds
 * the request line itself ({@code %r}/{@code %R}: a method followed by a field starting with "/"), which works for our
 * access-log pattern and the documented default alike, wherever the field sits.
 */
final class LogRequestExtractor {
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE");
    private static final Pattern FIELD_REFERENCE = Pattern.compile("\\{(\\d+)}");
    /** The documented {@code %R} field: the request line in one field, its spaces written as {@code %20}. */
    private static final Pattern ENCODED_REQUEST_LINE = Pattern.compile("^([A-Za-z]+)%20(/.*?)(?:%20HTTP/\\d(?:\\.\\d)?)?$");

    /** A request found in the log: the original method (GET when unknown), the path with query, the suffix to add. */
    record LoggedRequest(String method, String pathAndQuery, String suffix) {
    }

    private final Pattern separator;
    private final Pattern marker;
    private final Integer requestColumn;
    private final Integer methodColumn;
    private final String suffixTemplate;

    /**
     * @param requestColumn 1-based field of the request, or null to find it
     * @param methodColumn 1-based field of the method, or null (found with the request, else GET)
     * @param suffixTemplate suffix with {n} field references, or null for none
     */
    LogRequestExtractor(Pattern separator, Pattern marker, Integer requestColumn, Integer methodColumn, String suffixTemplate) {
        this.separator = separator;
        this.marker = marker;
        this.requestColumn = requestColumn;
        this.methodColumn = methodColumn;
        this.suffixTemplate = suffixTemplate;
    }

    Optional<LoggedRequest> extract(String line) {
        if (line.isBlank() || !marker.matcher(line).find()) {
            return Optional.empty();
        }
        String[] fields = separator.split(line.strip());
        String request = null;
        String method = null;
        if (requestColumn != null) {
            request = field(fields, requestColumn);
            Matcher line1 = request == null ? null : ENCODED_REQUEST_LINE.matcher(request);
            if (line1 != null && line1.matches() && METHODS.contains(line1.group(1).toUpperCase(Locale.ROOT))) {
                method = line1.group(1).toUpperCase(Locale.ROOT);
                request = line1.group(2);
            }
        } else {
            for (String field : fields) {
                Matcher encoded = ENCODED_REQUEST_LINE.matcher(unquote(field));
                if (encoded.matches() && METHODS.contains(encoded.group(1).toUpperCase(Locale.ROOT))) {
                    method = encoded.group(1).toUpperCase(Locale.ROOT);
                    request = encoded.group(2);
                    break;
                }
            }
            for (int i = 0; request == null && i + 1 < fields.length; i++) {
                String candidate = unquote(fields[i]).toUpperCase(Locale.ROOT);
                String next = unquote(fields[i + 1]);
                if (METHODS.contains(candidate) && next.startsWith("/")) {
                    method = candidate;
                    request = next;
                    break;
                }
            }
        }
        if (request == null || !request.startsWith("/")) {
            return Optional.empty();
        }
        if (methodColumn != null && method == null) {
            String logged = field(fields, methodColumn);
            method = logged == null ? null : unquote(logged).toUpperCase(Locale.ROOT);
        }
        if (method == null || !METHODS.contains(method)) {
            method = "GET";
        }
        return Optional.of(new LoggedRequest(method, request, suffix(fields)));
    }

    private String suffix(String[] fields) {
        if (suffixTemplate == null || suffixTemplate.isEmpty()) {
            return "";
        }
        Matcher m = FIELD_REFERENCE.matcher(suffixTemplate);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = field(fields, Integer.parseInt(m.group(1)));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : unquote(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String field(String[] fields, int oneBased) {
        return oneBased >= 1 && oneBased <= fields.length ? unquote(fields[oneBased - 1]) : null;
    }

    /** Log patterns often quote the request line ("%r"): the quotes belong to the log, not to the request. */
    private static String unquote(String field) {
        String s = field;
        if (s.startsWith("\"") || s.startsWith("'")) {
            s = s.substring(1);
        }
        if (s.endsWith("\"") || s.endsWith("'")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
