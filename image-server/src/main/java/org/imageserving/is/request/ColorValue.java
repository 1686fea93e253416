package org.imageserving.is.request;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The protocol's {@code color} type (the "color" data type page) as a non-premultiplied sRGB ARGB value. Gray and
 * CMYK values are converted naïvely (the Image Server works in sRGB until colour management arrives); the {@code s}
 * suffix (source space) is accepted and means the same space here.
 */
public final class ColorValue {
    private static final Pattern HEX = Pattern.compile("(0x)?([0-9a-f]+)([grk]?)", Pattern.CASE_INSENSITIVE);

    private ColorValue() {}

    public static int parse(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        }
        if (v.isEmpty()) {
            throw Values.usage(name, value, "empty color");
        }
        if (!v.contains(",")) {
            Matcher hex = HEX.matcher(v);
            if (hex.matches() && (hex.group(1) != null || hex.group(2).length() >= 6)) {
                return hex(name, value, hex.group(1) != null, hex.group(2), hex.group(3));
            }
        }
        String type = "";
        char last = v.charAt(v.length() - 1);
        if (last == 'g' || last == 'r' || last == 'k') {
            type = String.valueOf(last);
            v = v.substring(0, v.length() - 1);
        }
        List<String> parts = List.of(v.split(",", -1));
        int n = parts.size();
        if (type.equals("k") || (type.isEmpty() && n == 5)) {
            if (n < 4 || n > 5) {
                throw Values.usage(name, value, "CMYK colors have 4 or 5 components");
            }
            double c = pct(name, value, parts.get(0)), m = pct(name, value, parts.get(1));
            double y = pct(name, value, parts.get(2)), k = pct(name, value, parts.get(3));
            int a = n == 5 ? percentByte(name, value, parts.get(4)) : 255;
            return cmyk(c, m, y, k, a);
        }
        if (type.equals("g") || (type.isEmpty() && n <= 2)) {
            if (n > 2) {
                throw Values.usage(name, value, "gray colors have 1 or 2 components");
            }
            int g = percentByte(name, value, parts.get(0));
            int a = n == 2 ? percentByte(name, value, parts.get(1)) : 255;
            return argb(a, g, g, g);
        }
        if (n < 3 || n > 4) {
            throw Values.usage(name, value, "RGB colors have 3 or 4 components");
        }
        int r = Values.integer(name, value, parts.get(0), 0, 255);
        int g = Values.integer(name, value, parts.get(1), 0, 255);
        int b = Values.integer(name, value, parts.get(2), 0, 255);
        int a = n == 4 ? Values.integer(name, value, parts.get(3), 0, 255) : 255;
        return argb(a, r, g, b);
    }

    /**
     * A color that must be RGB (e.g. {@code op_colorize}, whose page does not support gray or CMYK values); its alpha, if
     * given, is kept in the result.
     */
    public static int parseRgb(String name, String value, String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        }
        int components = v.split(",", -1).length;
        boolean prefixedGray = v.matches("0x([0-9a-f]{2}|[0-9a-f]{4})");
        if (v.endsWith("g") || v.endsWith("k") || prefixedGray || (v.contains(",") && components != 3 && components != 4)) {
            throw Values.usage(name, value, "the color must be RGB (gray and CMYK colors are not supported here)");
        }
        return parse(name, text);
    }

    /** Catalog colors ({@code attribute::BkgColor}): packed {@code rrggbb}, optional {@code 0x}; full syntax also accepted. */
    public static int parseAttribute(String name, String value) {
        String v = value.strip();
        if (v.matches("(?i)(0x)?[0-9a-f]{6}")) {
            return 0xFF000000 | Integer.parseInt(v.substring(v.length() - 6), 16);
        }
        return parse(name, value);
    }

    private static int hex(String name, String value, boolean prefixed, String digits, String type) {
        int len = digits.length();
        if (type.equals("g") || (type.isEmpty() && prefixed && len <= 4)) {
            if (!prefixed || (len != 2 && len != 4)) {
                throw Values.usage(name, value, "hex gray is 0x followed by 2 or 4 digits");
            }
            int g = Integer.parseInt(digits.substring(0, 2), 16);
            int a = len == 4 ? Integer.parseInt(digits.substring(2, 4), 16) : 255;
            return argb(a, g, g, g);
        }
        if (type.equals("k")) {
            if (len != 8 && len != 10) {
                throw Values.usage(name, value, "hex CMYK has 8 or 10 digits");
            }
            // Our choice where the "color" page's grammar and examples disagree: each CMYK byte is a percentage, as in
            // its examples.
            double[] p = new double[len / 2];
            for (int i = 0; i < p.length; i++) {
                p[i] = Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
                if (p[i] > 100) {
                    throw Values.usage(name, value, "hex CMYK bytes are percentages (at most 0x64)");
                }
            }
            int a = p.length == 5 ? (int) Math.round(p[4] * 255 / 100) : 255;
            return cmyk(p[0], p[1], p[2], p[3], a);
        }
        if (len != 6 && len != 8) {
            throw Values.usage(name, value, "hex RGB has 6 or 8 digits");
        }
        int rgb = Integer.parseInt(digits.substring(0, 6), 16);
        int a = len == 8 ? Integer.parseInt(digits.substring(6, 8), 16) : 255;
        return (a << 24) | rgb;
    }

    private static double pct(String name, String value, String text) {
        return Values.real(name, value, text, 0, 100);
    }

    private static int percentByte(String name, String value, String text) {
        return (int) Math.round(pct(name, value, text) * 255 / 100);
    }

    private static int cmyk(double c, double m, double y, double k, int a) {
        double w = 1 - k / 100;
        int r = (int) Math.round(255 * (1 - c / 100) * w);
        int g = (int) Math.round(255 * (1 - m / 100) * w);
        int b = (int) Math.round(255 * (1 - y / 100) * w);
        return argb(a, r, g, b);
    }

    private static int argb(int a, int r, int g, int b) {
        return (a << 24) | (r << 16) | (g << 8) | b;
    }
}
