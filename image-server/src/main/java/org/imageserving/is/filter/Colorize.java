package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.ColorValue;
import org.imageserving.is.request.Values;

/**
 * {@code op_colorize=color[,off|norm[,contrast]]} (also {@code colorize=}): replaces each pixel's colour by a tint of
 * {@code color} chosen by the pixel's luminance alone (the simple, not colour-managed, Rec. 601 weights), keeping
 * shadows and highlights: black stays black, white stays white, and 50 % gray becomes {@code color}; in between the
 * tint runs linearly from black to the colour and from the colour to white.
 *
 * <p>{@code norm} (the default) first moves the median luminance of the visible pixels to 50 %, so the typical pixel
 * takes exactly the requested colour whatever the photo's exposure; our choice of curve is a gamma, which moves the
 * median and keeps black and white. A {@code contrast} above 0 (only with {@code norm}) sets the luminance range
 * instead: the 1st to 99th percentile spread out to {@code contrast} % of the full range around the median (100 the
 * whole range, maximal contrast); 0 keeps the input contrast. Statistics are taken where the filter runs, after
 * {@code op_brightness} and {@code op_contrast}, which the page suggests for fine-tuning.
 */
public final class Colorize implements ImageFilter<Colorize.Settings> {
    /** @param rgb the tint, {@code 0xRRGGBB}; {@code normalize} false for {@code off} */
    public record Settings(int rgb, boolean normalize, double contrast) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_colorize", "colorize");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        // The docs' own examples (maskUse, templates) write colorize= without the prefix: an alias; op_colorize wins.
        String name = commands.containsKey("op_colorize") ? "op_colorize" : "colorize";
        String v = commands.get(name);
        if (v == null) {
            return Optional.empty();
        }
        // The color may hold commas itself (255,0,0): it ends where the off|norm word starts.
        List<String> p = List.of(v.split(",", -1));
        int word = 0;
        while (word < p.size() && !isWord(p.get(word))) {
            word++;
        }
        if (word == 0) {
            throw Values.usage(name, v, "expects color[,off|norm[,contrast]]");
        }
        int rgb = ColorValue.parseRgb(name, v, String.join(",", p.subList(0, word))) & 0xFFFFFF;
        boolean normalize = true;
        double contrast = 0;
        if (word < p.size()) {
            normalize = switch (p.get(word).strip().toLowerCase(Locale.ROOT)) {
                case "norm" -> true;
                case "off" -> false;
                default -> throw Values.usage(name, v, "'" + p.get(word) + "' is not off or norm");
            };
            if (p.size() > word + 2) {
                throw Values.usage(name, v, "expects color[,off|norm[,contrast]]");
            }
            if (p.size() == word + 2 && !p.get(word + 1).isBlank()) {
                contrast = Values.real(name, v, p.get(word + 1), 0, 100);
            }
        }
        // The page: the contrast is ignored when brightness compensation is off.
        return Optional.of(new Settings(rgb, normalize, normalize ? contrast : 0));
    }

    @Override
    public void apply(BufferedImage image, Settings settings, FilterScale scale) {
        int[] d = Pixels.data(image);
        int[] tint = tint(settings.rgb(), settings.normalize() ? tone(histogram(d), settings.contrast()) : identity());
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            int c = tint[luminance(Channels.unpremultiply((p >> 16) & 0xFF, a),
                    Channels.unpremultiply((p >> 8) & 0xFF, a), Channels.unpremultiply(p & 0xFF, a))];
            d[i] = (a << 24) | (Channels.premultiply((c >> 16) & 0xFF, a) << 16)
                    | (Channels.premultiply((c >> 8) & 0xFF, a) << 8) | Channels.premultiply(c & 0xFF, a);
        }
    }

    /** A word such as off or norm, and not a hex color made of letters only (faceba). */
    private static boolean isWord(String part) {
        String t = part.strip();
        return t.matches("(?i)[a-z]+") && !t.matches("(?i)[a-f]{6}|[a-f]{8}");
    }

    static int luminance(int r, int g, int b) {
        return Channels.clamp(0.299 * r + 0.587 * g + 0.114 * b);
    }

    /** Luminance levels weighted by alpha: a half-transparent edge pixel counts half. */
    private static long[] histogram(int[] d) {
        long[] histogram = new long[256];
        for (int p : d) {
            int a = p >>> 24;
            if (a > 0) {
                histogram[luminance(Channels.unpremultiply((p >> 16) & 0xFF, a),
                        Channels.unpremultiply((p >> 8) & 0xFF, a), Channels.unpremultiply(p & 0xFF, a))] += a;
            }
        }
        return histogram;
    }

    private static double[] identity() {
        double[] curve = new double[256];
        for (int v = 0; v < 256; v++) {
            curve[v] = v;
        }
        return curve;
    }

    /** The brightness (and contrast) compensation: a curve over the 256 luminance levels. */
    static double[] tone(long[] histogram, double contrast) {
        long total = 0;
        for (long n : histogram) {
            total += n;
        }
        if (total == 0) {
            return identity();
        }
        double median = percentile(histogram, total, 0.5);
        double[] curve = new double[256];
        if (contrast <= 0) {
            // a gamma that takes the median to 127.5 and keeps 0 and 255
            double m = Math.max(0.5, Math.min(254.5, median)) / 255;
            double gamma = Math.log(0.5) / Math.log(m);
            for (int v = 0; v < 256; v++) {
                curve[v] = 255 * Math.pow(v / 255.0, gamma);
            }
            return curve;
        }
        double low = percentile(histogram, total, 0.01), high = percentile(histogram, total, 0.99);
        double half = contrast / 100 * 127.5;
        for (int v = 0; v < 256; v++) {
            // piecewise linear through (low, 127.5 − half), (median, 127.5), (high, 127.5 + half)
            if (v <= median) {
                curve[v] = median > low ? 127.5 - half * (median - v) / (median - low) : 127.5;
            } else {
                curve[v] = high > median ? 127.5 + half * (v - median) / (high - median) : 127.5;
            }
        }
        return curve;
    }

    /** The lowest level at or below which {@code fraction} of the weight lies. */
    private static double percentile(long[] histogram, long total, double fraction) {
        long sum = 0;
        for (int v = 0; v < 256; v++) {
            sum += histogram[v];
            if (sum >= fraction * total) {
                return v;
            }
        }
        return 255;
    }

    /** Luminance level → tinted colour: black → color at 127.5 → white. */
    private static int[] tint(int rgb, double[] curve) {
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            double l = Math.max(0, Math.min(255, curve[v]));
            int out = 0;
            for (int shift = 16; shift >= 0; shift -= 8) {
                int c = (rgb >> shift) & 0xFF;
                double t = l <= 127.5 ? c * l / 127.5 : c + (255 - c) * (l - 127.5) / 127.5;
                out |= Channels.clamp(t) << shift;
            }
            table[v] = out;
        }
        return table;
    }
}
