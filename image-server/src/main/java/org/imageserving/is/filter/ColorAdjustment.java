package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A filter that changes each pixel's colour on its own, on unpremultiplied values, and leaves alpha alone. Adjustments
 * that follow each other in {@link FilterPipeline#STEPS} share one {@link ColorPass}: one unpremultiply and one
 * premultiply per pixel however many run, and no rounding between them.
 */
interface ColorAdjustment<S> extends ImageFilter<S> {
    void adjust(S settings, Rgb pixel);

    @Override
    default void apply(BufferedImage image, S settings, FilterScale scale) {
        ColorPass.run(image, List.of(new FilterStep<>(this, settings)));
    }
}
