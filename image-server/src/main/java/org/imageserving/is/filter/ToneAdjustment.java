package org.imageserving.is.filter;

import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A colour adjustment that maps every channel through the same curve. Curves that follow each other compose into one
 * lookup table, on real values: a level pushed past white by one is not clipped before the next pulls it back, as one
 * tone curve would not clip it.
 */
interface ToneAdjustment<S> extends ColorAdjustment<S> {
    /** The new level of a channel level (0–255, or beyond it when an earlier curve pushed it there). */
    double tone(S settings, double level);

    @Override
    default IntUnaryOperator perPixel(S settings) {
        return ColorPass.lookup(ColorPass.table(List.of(new FilterStep<>(this, settings))));
    }
}
