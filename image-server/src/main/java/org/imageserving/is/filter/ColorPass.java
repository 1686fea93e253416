package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.List;
import org.imageserving.is.render.Pixels;

/** Runs colour adjustments, in the given order, over every visible pixel of a working image. */
final class ColorPass {
    private ColorPass() {}

    static void run(BufferedImage image, List<FilterStep<?>> adjustments) {
        FilterStep<?>[] steps = adjustments.toArray(new FilterStep<?>[0]);
        Rgb pixel = new Rgb();
        int[] d = Pixels.data(image);
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            pixel.set(Channels.unpremultiply((p >> 16) & 0xFF, a), Channels.unpremultiply((p >> 8) & 0xFF, a),
                    Channels.unpremultiply(p & 0xFF, a));
            for (FilterStep<?> step : steps) {
                step.adjust(pixel);
            }
            d[i] = (a << 24) | (Channels.premultiply(pixel.red(), a) << 16)
                    | (Channels.premultiply(pixel.green(), a) << 8) | Channels.premultiply(pixel.blue(), a);
        }
    }
}
