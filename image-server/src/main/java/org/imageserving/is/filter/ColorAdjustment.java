package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A filter that changes each pixel's colour on its own, on unpremultiplied values, and leaves alpha alone. Adjustments
 * that follow each other in {@link FilterPipeline#STEPS} share one {@link ColorPass}: one unpremultiply and one
 * premultiply per pixel however many run.
 */
interface ColorAdjustment<S> extends ImageFilter<S> {
    /**
     * The change of one unpremultiplied {@code 0xRRGGBB} colour, made for one pass over one image: it may keep scratch
     * space, as settings are shared between renders and the function is not.
     */
    IntUnaryOperator perPixel(S settings);

    @Override
    default void apply(BufferedImage image, S settings, FilterScale scale) {
        ColorPass.run(image, List.of(new FilterStep<>(this, settings)));
    }
}
