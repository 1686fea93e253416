package org.imageserving.is.compose;

import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imageserving.is.request.Values;

/**
 * A {@code clipPath=} / {@code clipXPath=} path definition ("clipPath"): SVG path data with commas between values,
 * {@code M/m x,y}, {@code L/l *(x,y)}, {@code C/c *(x1,y1,x2,y2,x,y)}, {@code Z/z}; upper case absolute (layer pixels
 * from the layer's top-left), lower case relative to the current point. Every subpath is closed, with or without
 * {@code Z}. A relative {@code m} starts from the previous subpath's start when that was closed with {@code z}, from
 * its end when it was not, from 0,0 for the first.
 */
public final class ClipPath {
    /** Far more points than a hand-written or generated outline needs; bounds the work one value can ask for. */
    static final int MAX_VALUES = 20_000;
    private static final Pattern TOKEN = Pattern.compile("\\s*,?\\s*([MmLlCcZz]|[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)");

    private ClipPath() {}

    public static Path2D.Double parse(String name, String value) {
        List<String> tokens = tokens(name, value);
        Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO);
        double x = 0, y = 0, startX = 0, startY = 0;
        boolean open = false, explicitlyClosed = false;
        char command = 0;
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            if (Character.isLetter(t.charAt(0))) {
                command = t.charAt(0);
                i++;
                if (command == 'Z' || command == 'z') {
                    if (!open) {
                        throw Values.usage(name, value, "Z closes nothing");
                    }
                    path.closePath();
                    x = startX;
                    y = startY;
                    open = false;
                    explicitlyClosed = true;
                    continue;
                }
            } else if (command == 0) {
                throw Values.usage(name, value, "a path starts with M or m");
            }
            boolean relative = Character.isLowerCase(command);
            switch (Character.toUpperCase(command)) {
                case 'M' -> {
                    double[] p = numbers(name, value, tokens, i, 2);
                    i += 2;
                    if (open) {
                        path.closePath();
                    }
                    // a relative m starts from the previous start (closed with z) or end (left open), else 0,0
                    double bx = relative ? (explicitlyClosed ? startX : x) : 0;
                    double by = relative ? (explicitlyClosed ? startY : y) : 0;
                    x = bx + p[0];
                    y = by + p[1];
                    path.moveTo(x, y);
                    startX = x;
                    startY = y;
                    open = true;
                    explicitlyClosed = false;
                    // further pairs after a moveto are linetos, as in SVG
                    command = relative ? 'l' : 'L';
                }
                case 'L' -> {
                    requireOpen(name, value, open);
                    double[] p = numbers(name, value, tokens, i, 2);
                    i += 2;
                    x = (relative ? x : 0) + p[0];
                    y = (relative ? y : 0) + p[1];
                    path.lineTo(x, y);
                }
                case 'C' -> {
                    requireOpen(name, value, open);
                    double[] p = numbers(name, value, tokens, i, 6);
                    i += 6;
                    double bx = relative ? x : 0, by = relative ? y : 0;
                    path.curveTo(bx + p[0], by + p[1], bx + p[2], by + p[3], bx + p[4], by + p[5]);
                    x = bx + p[4];
                    y = by + p[5];
                }
                default -> throw Values.usage(name, value, "unknown path command " + command);
            }
        }
        if (open) {
            path.closePath();
        }
        if (path.getBounds2D().isEmpty()) {
            throw Values.usage(name, value, "the path encloses no area");
        }
        return path;
    }

    private static void requireOpen(String name, String value, boolean open) {
        if (!open) {
            throw Values.usage(name, value, "a subpath starts with M or m");
        }
    }

    private static double[] numbers(String name, String value, List<String> tokens, int from, int count) {
        double[] out = new double[count];
        for (int k = 0; k < count; k++) {
            if (from + k >= tokens.size() || Character.isLetter(tokens.get(from + k).charAt(0))) {
                throw Values.usage(name, value, "a path command is missing values");
            }
            out[k] = Values.real(name, value, tokens.get(from + k), -1e7, 1e7);
        }
        return out;
    }

    private static List<String> tokens(String name, String value) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(value);
        int at = 0;
        while (at < value.length()) {
            if (!m.find(at) || m.start() != at) {
                if (value.substring(at).isBlank() || value.substring(at).strip().equals(",")) {
                    break;
                }
                throw Values.usage(name, value, "unexpected '" + value.charAt(at) + "' in the path");
            }
            tokens.add(m.group(1));
            if (tokens.size() > MAX_VALUES) {
                throw Values.usage(name, "(" + value.length() + " characters)", "more than " + MAX_VALUES
                        + " values in one path");
            }
            at = m.end();
        }
        if (tokens.isEmpty()) {
            throw Values.usage(name, value, "an empty path");
        }
        return tokens;
    }
}
