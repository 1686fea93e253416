package org.imageserving.is.filter;

/**
 * One unpremultiplied pixel while the colour adjustments of a render run over it. Channels are kept as reals so that
 * tone changes in a row (brightness, then contrast) compose without rounding or clipping in between, as one tone
 * curve would; {@link #red()} and its siblings give the 8-bit value for adjustments that work on whole levels.
 */
final class Rgb {
    double r;
    double g;
    double b;
    /** Scratch space for HSB conversions, so a pass over millions of pixels allocates nothing per pixel. */
    final float[] hsb = new float[3];

    void set(int red, int green, int blue) {
        r = red;
        g = green;
        b = blue;
    }

    int red() {
        return Channels.clamp(r);
    }

    int green() {
        return Channels.clamp(g);
    }

    int blue() {
        return Channels.clamp(b);
    }
}
