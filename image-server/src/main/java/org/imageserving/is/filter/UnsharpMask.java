package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.Values;

/**
 * {@code op_usm} and {@code op_usmR}: out = original + amount · (original − blurred), per channel, where the
 * difference exceeds the threshold. {@code op_usm}'s radius is in full-resolution source pixels and shrinks with the
 * image; {@code op_usmR}'s is used as given. Amounts over 5 and radii over 250 are clamped, not refused.
 */
public final class UnsharpMask implements ImageFilter<UnsharpMask.Settings> {
    /** {@code scaled}: the radius is in full-resolution source pixels ({@code op_usm}), else in view pixels. */
    public record Settings(double amount, double radius, int threshold, boolean mono, boolean scaled) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_usm", "op_usmr");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        Optional<Settings> usm = Optional.empty();
        // Our choice: op_usmR wins over op_usm when both are given: it is the more specific form.
        if (commands.containsKey("op_usmr")) {
            usm = Optional.of(settings("op_usmR", commands.get("op_usmr"), false));
        } else if (commands.containsKey("op_usm")) {
            usm = Optional.of(settings("op_usm", commands.get("op_usm"), true));
        }
        return usm.filter(u -> u.amount() > 0 && u.radius() > 0);
    }

    private static Settings settings(String name, String v, boolean scaled) {
        List<String> p = Values.parts(name, v, 1, 4);
        double amount = Math.min(5, Math.max(0, Values.real(name, v, p.get(0), 0, 1e6)));
        double radius = p.size() > 1 ? Math.min(250, Values.real(name, v, p.get(1), 0, 1e6)) : 0;
        int threshold = p.size() > 2 ? Values.integer(name, v, p.get(2), 0, 255) : 0;
        boolean mono = p.size() > 3 && Values.flag(name, v, p.get(3));
        return new Settings(amount, radius, threshold, mono, scaled);
    }

    @Override
    public Stage stage() {
        return Stage.VIEW;
    }

    @Override
    public void apply(BufferedImage image, Settings settings, FilterScale scale) {
        double radius = settings.scaled() ? settings.radius() * scale.source() : settings.radius();
        double amount = settings.amount();
        int threshold = settings.threshold();
        if (amount <= 0 || radius <= 0) {
            return;
        }
        BufferedImage blurred = Pixels.create(image.getWidth(), image.getHeight());
        Pixels.paste(image, blurred, 0, 0);
        // Our choice (not documented): radius is the Gaussian's standard deviation, as in Photoshop's Unsharp Mask.
        GaussianBlur.blur(blurred, radius * 2);
        int[] d = Pixels.data(image), s = Pixels.data(blurred);
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            int q = s[i];
            int[] o = {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
            int[] b = {(q >> 16) & 0xFF, (q >> 8) & 0xFF, q & 0xFF};
            if (settings.mono()) {
                // Luminance only: the same correction is added to all three channels, so hues do not shift.
                double diff = luma(o) - luma(b);
                if (Math.abs(diff) * 255 / Math.max(1, a) <= threshold) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    o[c] = Math.min(a, Channels.clamp(o[c] + amount * diff));
                }
            } else {
                for (int c = 0; c < 3; c++) {
                    int diff = o[c] - b[c];
                    if (Math.abs(diff) * 255 / Math.max(1, a) > threshold) {
                        o[c] = Math.min(a, Channels.clamp(o[c] + amount * diff));
                    }
                }
            }
            d[i] = (a << 24) | (o[0] << 16) | (o[1] << 8) | o[2];
        }
    }

    private static double luma(int[] rgb) {
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }
}
