package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imageserving.is.render.Pixels;

/**
 * {@code op_sharpen}: a fixed 3×3 kernel (centre 5, edges −1: a Laplacian added back once) on the final view, so its
 * strength does not depend on how far the source was reduced.
 */
public final class Sharpen implements ImageFilter<Sharpen.Settings> {
    /** Sharpening has no parameter: the step is either there or not. */
    public record Settings() {}

    @Override
    public Set<String> commands() {
        return Set.of("op_sharpen");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        return FilterValues.flag(commands, "op_sharpen") ? Optional.of(new Settings()) : Optional.empty();
    }

    @Override
    public Stage stage() {
        return Stage.VIEW;
    }

    @Override
    public void apply(BufferedImage image, Settings settings, FilterScale scale) {
        int w = image.getWidth(), h = image.getHeight();
        int[] d = Pixels.data(image);
        int[] src = d.clone();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = src[y * w + x];
                int a = c >>> 24;
                if (a == 0) {
                    continue;
                }
                int l = src[y * w + Math.max(0, x - 1)], r = src[y * w + Math.min(w - 1, x + 1)];
                int u = src[Math.max(0, y - 1) * w + x], b = src[Math.min(h - 1, y + 1) * w + x];
                int out = a << 24;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int v = 5 * ((c >> shift) & 0xFF) - ((l >> shift) & 0xFF) - ((r >> shift) & 0xFF)
                            - ((u >> shift) & 0xFF) - ((b >> shift) & 0xFF);
                    // premultiplied: no channel may exceed alpha
                    out |= Math.max(0, Math.min(a, v)) << shift;
                }
                d[y * w + x] = out;
            }
        }
    }
}
