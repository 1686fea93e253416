package org.imageserving.common.protocol;

/**
 * Where a command applies, as the documentation's layering overview ("Layering overview", "Specifying layers") sorts
 * them: request and view commands are global wherever they stand in the URL; layer and source commands apply to the
 * current layer (layer 0 until layers arrive); selectors open a layer.
 */
public enum Scope {
    /** Global: output format, cache control, request type, ... */
    REQUEST,
    /** Global: the view transform (wid, hei, scl, fit, align, bgc, rgn, rect). */
    VIEW,
    /** The current layer: placement, filters, opacity. */
    LAYER,
    /** The current layer's source image or mask: crop, scale, anchor, mask. */
    SOURCE,
    /** Opens a layer or an effect layer: {@code layer=}, {@code effect=}. */
    SELECTOR;

    /** Whether a command of this scope travels with one layer of a {@code RenderRequest}, not with the whole request. */
    public boolean perLayer() {
        return this == LAYER || this == SOURCE;
    }
}
