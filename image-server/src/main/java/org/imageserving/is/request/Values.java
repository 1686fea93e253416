package org.imageserving.is.request;

import java.util.List;
import java.util.Locale;
import org.imageserving.is.render.RenderException;

/**
 * Typing of command values: every failure is a usage error (403) whose message names the command and the value, so
 * a client can see what to fix.
 */
public final class Values {
    private Values() {}

    /** Splits a comma list into between {@code min} and {@code max} parts (a trailing empty part counts as absent). */
    public static List<String> parts(String name, String value, int min, int max) {
        List<String> parts = List.of(value.split(",", -1));
        if (parts.size() > min && parts.get(parts.size() - 1).isEmpty()) {
            parts = parts.subList(0, parts.size() - 1);
        }
        if (parts.size() < min || parts.size() > max) {
            String count = min == max ? Integer.toString(min) : min + " to " + max;
            throw usage(name, value, "expects " + count + " comma-separated values");
        }
        return parts;
    }

    public static int integer(String name, String value, String text, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw usage(name, value, "'" + text + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw usage(name, value, text.strip() + " is outside " + min + ".." + max);
        }
        return n;
    }

    public static double real(String name, String value, String text, double min, double max) {
        double d;
        try {
            String t = text.strip();
            if (t.isEmpty() || !t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                throw new NumberFormatException();
            }
            d = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw usage(name, value, "'" + text + "' is not a number");
        }
        if (!(d >= min && d <= max)) {
            throw usage(name, value, text.strip() + " is outside " + fmt(min) + ".." + fmt(max));
        }
        return d;
    }

    /** Booleans accept 0/1 and, our choice for every flag (documented only for some, e.g. cache=), true/false. */
    public static boolean flag(String name, String value, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw usage(name, value, "'" + text + "' is not 0 or 1");
        };
    }

    public static RenderException usage(String name, String value, String why) {
        return RenderException.badRequest(name + "=" + value + ": " + why);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
