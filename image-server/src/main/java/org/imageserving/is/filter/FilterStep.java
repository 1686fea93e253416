package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.function.IntUnaryOperator;

/** A filter with the settings a request gave it: one step of the filters of a render. */
public record FilterStep<S>(ImageFilter<S> filter, S settings) {

    public void apply(BufferedImage image, FilterScale scale) {
        filter.apply(image, settings, scale);
    }

    public ImageFilter.Stage stage() {
        return filter.stage();
    }

    boolean adjustsColor() {
        return filter instanceof ColorAdjustment;
    }

    boolean adjustsTone() {
        return filter instanceof ToneAdjustment;
    }

    /** Only for steps that {@link #adjustsColor()}. */
    @SuppressWarnings("unchecked") // the filter is an ImageFilter<S>, so a ColorAdjustment<S>
    IntUnaryOperator perPixel() {
        return ((ColorAdjustment<S>) filter).perPixel(settings);
    }

    /** Only for steps that {@link #adjustsTone()}. */
    @SuppressWarnings("unchecked") // as above
    double tone(double level) {
        return ((ToneAdjustment<S>) filter).tone(settings, level);
    }
}
