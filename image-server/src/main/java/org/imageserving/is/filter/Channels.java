package org.imageserving.is.filter;

/** 8-bit channel arithmetic shared by the filters. */
final class Channels {
    private Channels() {}

    static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    static int unpremultiply(int c, int a) {
        return a == 255 ? c : Math.min(255, (c * 255 + a / 2) / a);
    }

    static int premultiply(int c, int a) {
        return a == 255 ? c : (c * a + 127) / 255;
    }
}
