package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.imageserving.is.render.Pixels;

/**
 * {@code op_grow}: dilates (radius &gt; 0) or erodes (radius &lt; 0) the image data, each component on its own, alpha
 * included: a transparent image's opaque shapes grow or shrink by the radius, which is in composite pixels and shrinks
 * with the reply. Working on premultiplied components keeps every colour within its alpha, whichever way it goes.
 */
public final class Grow implements ImageFilter<Grow.Settings> {
    public record Settings(int radius) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_grow");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        int radius = FilterValues.integer(commands, "op_grow", -100, 100);
        return radius == 0 ? Optional.empty() : Optional.of(new Settings(radius));
    }

    @Override
    public void apply(BufferedImage image, Settings settings, FilterScale scale) {
        double radius = Math.abs(settings.radius()) * scale.composite();
        boolean grow = settings.radius() > 0;
        int[] d = Pixels.data(image);
        int[] plane = new int[d.length];
        for (int shift = 0; shift <= 24; shift += 8) {
            for (int i = 0; i < d.length; i++) {
                plane[i] = (d[i] >>> shift) & 0xFF;
            }
            Morphology.apply(plane, image.getWidth(), radius, grow);
            int keep = ~(0xFF << shift);
            for (int i = 0; i < d.length; i++) {
                d[i] = (d[i] & keep) | (plane[i] << shift);
            }
        }
    }
}
