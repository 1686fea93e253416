package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imageserving.is.render.Pixels;

/**
 * {@code op_growMask} and {@code op_growMaskR}: dilate (radius &gt; 0) or erode (radius &lt; 0) the layer's mask, its
 * alpha, and leave its colours alone. {@code op_growMask}'s radius is in full-resolution source pixels and shrinks
 * with the image; {@code op_growMaskR}'s is used as given.
 *
 * <p>A premultiplied image has lost the colour under a fully transparent pixel, so a pixel the grown mask uncovers
 * takes the colour of its nearest visible neighbour (our choice): the edge colour is continued outwards, never black.
 */
public final class GrowMask implements ImageFilter<GrowMask.Settings> {
    /** {@code scaled}: the radius is in full-resolution source pixels ({@code op_growMask}), else in view pixels. */
    public record Settings(int radius, boolean scaled) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_growmask", "op_growmaskr");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        // Our choice, as for op_usm / op_usmR: op_growMaskR wins over op_growMask when both are given.
        Settings settings = commands.containsKey("op_growmaskr")
                ? new Settings(FilterValues.integer(commands, "op_growMaskR", -100, 100), false)
                : new Settings(FilterValues.integer(commands, "op_growMask", -100, 100), true);
        return settings.radius() == 0 ? Optional.empty() : Optional.of(settings);
    }

    @Override
    public void apply(BufferedImage image, Settings settings, FilterScale scale) {
        double radius = Math.abs(settings.radius()) * (settings.scaled() ? scale.source() : 1);
        boolean grow = settings.radius() > 0;
        int width = image.getWidth();
        int[] d = Pixels.data(image);
        int[] alpha = new int[d.length];
        int[] rgb = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            int a = d[i] >>> 24;
            alpha[i] = a;
            rgb[i] = a == 0 ? 0 : (Channels.unpremultiply((d[i] >> 16) & 0xFF, a) << 16)
                    | (Channels.unpremultiply((d[i] >> 8) & 0xFF, a) << 8) | Channels.unpremultiply(d[i] & 0xFF, a);
        }
        if (grow) {
            continueEdgeColours(alpha, rgb, width, (int) Math.ceil(radius));
        }
        Morphology.apply(alpha, width, radius, grow);
        for (int i = 0; i < d.length; i++) {
            int a = alpha[i], c = rgb[i];
            d[i] = (a << 24) | (Channels.premultiply((c >> 16) & 0xFF, a) << 16)
                    | (Channels.premultiply((c >> 8) & 0xFF, a) << 8) | Channels.premultiply(c & 0xFF, a);
        }
    }

    /**
     * Gives every transparent pixel within {@code reach} steps (8-neighbourhood) of a visible one the colour of the
     * nearest: a breadth-first search from all visible pixels at once, so the cost is one visit per pixel.
     */
    private static void continueEdgeColours(int[] alpha, int[] rgb, int width, int reach) {
        int n = alpha.length, height = n / width;
        int[] distance = new int[n];
        int[] queue = new int[n];
        int head = 0, tail = 0;
        for (int i = 0; i < n; i++) {
            if (alpha[i] > 0) {
                queue[tail++] = i;
            } else {
                distance[i] = -1;
            }
        }
        while (head < tail) {
            int i = queue[head++];
            if (distance[i] >= reach) {
                continue;
            }
            int x = i % width, y = i / width;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                        continue;
                    }
                    int j = ny * width + nx;
                    if (distance[j] < 0) {
                        distance[j] = distance[i] + 1;
                        rgb[j] = rgb[i];
                        queue[tail++] = j;
                    }
                }
            }
        }
    }
}
