package org.imageserving.ps.layersource;

import java.util.Locale;
import org.imageserving.ps.http.RequestException;

/**
 * What {@code src=} names as layer 0's source (pages "src" and "Nested and embedded requests"): an object (catalog id
 * or path), a nested Image Serving request {@code is{…}}, or a foreign image {@code {url}}. Both {@code {…}} and
 * {@code (…)} delimit, in matched pairs; the prefixes are matched case-insensitively. Image Rendering and FXG requests
 * are not served.
 */
public sealed interface LayerSource {
    /** A catalog id or image path, resolved like the URL's object. */
    record ObjectName(String object) implements LayerSource {}

    /** {@code is{request}}: everything that would follow {@code /is/image/}, path and/or {@code ?query}. */
    record Nested(String request) implements LayerSource {}

    /** {@code {url}}: an absolute URL, or one relative to {@code attribute::RootUrl}. */
    record Foreign(String url) implements LayerSource {}

    static LayerSource parse(String value) {
        String text = value.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {"is", "ir", "fxg"}) {
            if (lower.startsWith(prefix) && text.length() > prefix.length() && opens(text.charAt(prefix.length()))) {
                String inner = inner(text.substring(prefix.length()));
                return switch (prefix) {
                    case "is" -> new Nested(inner);
                    case "ir" -> throw new RequestException(403, "src=" + value
                            + ": Image Rendering requests (ir{...}) are not served by this server");
                    default -> throw new RequestException(403, "src=" + value
                            + ": FXG requests (fxg{...}) are not served by this server");
                };
            }
        }
        if (!text.isEmpty() && opens(text.charAt(0))) {
            return new Foreign(inner(text).strip());
        }
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw new RequestException(403, "src=" + value + ": braces belong only around a nested request or a URL");
        }
        return new ObjectName(text);
    }

    private static boolean opens(char c) {
        return c == '{' || c == '(';
    }

    /** The text between a delimiter pair that spans all of {@code delimited}; an unmatched pair is a usage error. */
    private static String inner(String delimited) {
        char open = delimited.charAt(0);
        char close = open == '{' ? '}' : ')';
        int depth = 0;
        for (int i = 0; i < delimited.length(); i++) {
            char c = delimited.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
                if (depth == 0 && i != delimited.length() - 1) {
                    throw new RequestException(403, "src=" + delimited + ": text after the closing '" + close + "'");
                }
            }
        }
        if (depth != 0) {
            throw new RequestException(403, "src=" + delimited + ": '" + open + "' and '" + close + "' do not match");
        }
        String inner = delimited.substring(1, delimited.length() - 1);
        if (inner.isBlank()) {
            throw new RequestException(403, "src=" + delimited + ": nothing between the delimiters");
        }
        return inner;
    }
}
