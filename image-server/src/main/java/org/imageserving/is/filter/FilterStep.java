package org.imageserving.is.filter;

import java.awt.image.BufferedImage;

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

    /** Only for steps that {@link #adjustsColor()}. */
    void adjust(Rgb pixel) {
        ((ColorAdjustment<S>) filter).adjust(settings, pixel);
    }
}
