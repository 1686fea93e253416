package org.imageserving.ps.hits;

/**
 * The request targets the direct hit path may take: those Catalina maps to the image servlet ({@code /is/image/*})
 * and hands to it unchanged. A dot segment, an empty segment, a path parameter or a %-escape of a character that URL
 * decoding or normalisation treats specially could make Catalina map the request elsewhere or refuse it, so such a
 * target goes through Catalina; refusing more than needed only costs speed, never a different answer.
 */
final class HitTarget {
    static final String PREFIX = "/is/image/";

    private HitTarget() {}

    /**
     * The part after {@code /is/image/} of a request URI (as sent, %-encoded) the direct path may take, or null.
     *
     * @param anyEscape whether %-escapes may occur at all (not when the connector rejects suspicious URIs, whose
     *                  rules are Tomcat's)
     */
    static String rawPath(String uri, boolean anyEscape) {
        if (uri == null || !uri.startsWith(PREFIX) || uri.length() == PREFIX.length()) {
            return null;
        }
        int segmentStart = PREFIX.length();
        for (int i = PREFIX.length(); i <= uri.length(); i++) {
            char c = i < uri.length() ? uri.charAt(i) : '/';
            if (c == '/') {
                if (!plainSegment(uri, segmentStart, i)) {
                    return null;
                }
                segmentStart = i + 1;
            } else if (c == ';' || c == '\\' || c < 0x20 || c >= 0x7f) {
                return null;
            } else if (c == '%') {
                if (!anyEscape || i + 2 >= uri.length() || !plainEscape(uri.charAt(i + 1), uri.charAt(i + 2))) {
                    return null;
                }
                i += 2;
            }
        }
        return uri.substring(PREFIX.length());
    }

    /** Neither empty ({@code //} is merged by normalisation) nor {@code .} or {@code ..}. */
    private static boolean plainSegment(String uri, int start, int end) {
        int length = end - start;
        return length > 2 || (length == 1 && uri.charAt(start) != '.')
                || (length == 2 && !(uri.charAt(start) == '.' && uri.charAt(start + 1) == '.'));
    }

    /** A well-formed escape of a character that decoding leaves as data: not a dot, slash, backslash or control. */
    private static boolean plainEscape(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        if (h < 0 || l < 0) {
            return false;
        }
        int decoded = h * 16 + l;
        return decoded >= 0x20 && decoded != 0x7f && decoded != '.' && decoded != '/' && decoded != '\\';
    }
}
