package org.imageserving.ps.content;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which bytes of a static file a GET asks for (RFC 9110 §14): its {@code Range} header, honoured only when an
 * {@code If-Range} validator, if any, still matches. One range at most: a request for several is answered with the
 * whole file, which RFC 9110 allows (a server may ignore {@code Range}); players and PDF viewers ask for one range at a
 * time, and a multipart body would cost more than it saves. Syntax the RFC does not allow is ignored the same way,
 * while a well-formed range that starts past the end cannot be satisfied (416).
 */
final class ByteRanges {
    private ByteRanges() {}

    sealed interface Selection permits Whole, Part, Unsatisfiable {}

    /** The whole file, 200. */
    record Whole() implements Selection {}

    /** Bytes {@code first} to {@code last} inclusive, 206. */
    record Part(long first, long last) implements Selection {
        long length() {
            return last - first + 1;
        }

        String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    /** A range that lies wholly past the end, 416. */
    record Unsatisfiable() implements Selection {
        String contentRange(long total) {
            return "bytes */" + total;
        }
    }

    private static final Whole WHOLE = new Whole();

    /**
     * @param range        the {@code Range} header, or null
     * @param ifRange      the {@code If-Range} header, or null
     * @param etag         the file's current (strong, quoted) ETag
     * @param lastModified its {@code Last-Modified} in epoch milliseconds, or -1
     * @param length       its length in bytes
     */
    static Selection select(String range, String ifRange, String etag, long lastModified, long length) {
        if (range == null || ifRange != null && !validatorMatches(ifRange.strip(), etag, lastModified)) {
            return WHOLE;
        }
        String value = range.strip();
        if (value.length() < 6 || !value.substring(0, 6).equalsIgnoreCase("bytes=")) {
            return WHOLE; // another unit, or not a range at all
        }
        String spec = null;
        for (String element : value.substring(6).split(",", -1)) {
            if (element.isBlank()) {
                continue; // the list rule allows empty elements
            }
            if (spec != null) {
                return WHOLE; // several ranges: the whole file (see the class comment)
            }
            spec = element.strip();
        }
        if (spec == null) {
            return WHOLE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        String firstText = spec.substring(0, dash).strip();
        String lastText = spec.substring(dash + 1).strip();
        if (firstText.isEmpty()) { // suffix: the last N bytes
            long suffix = number(lastText);
            if (suffix < 0) {
                return WHOLE;
            }
            if (suffix == 0 || length == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, length - suffix), length - 1);
        }
        long first = number(firstText);
        long last = lastText.isEmpty() ? Long.MAX_VALUE : number(lastText);
        if (first < 0 || last < 0 || last < first) {
            return WHOLE;
        }
        if (first >= length) {
            return new Unsatisfiable();
        }
        return new Part(first, Math.min(last, length - 1));
    }

    /** Digits only; -1 for anything else; numbers past a long are as good as infinite here. */
    private static long number(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /**
     * An entity tag must match strongly (a weak one never does); a date must be the file's {@code Last-Modified} to
     * the second. A client that sends anything else gets the whole file, never bytes of another version.
     */
    private static boolean validatorMatches(String ifRange, String etag, long lastModified) {
        if (ifRange.startsWith("W/")) {
            return false;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        if (lastModified < 0) {
            return false;
        }
        try {
            long date = ZonedDateTime.parse(ifRange, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.US))
                    .toInstant().toEpochMilli();
            return date / 1000 == lastModified / 1000;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
