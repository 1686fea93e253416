package org.imageserving.is.color;

/**
 * Reduces 16-bit samples to 8 bits with Floyd–Steinberg error diffusion, serpentine (every other row right to left, so
 * the error does not drift in one direction and draw diagonal worms). This is {@code icc=}'s dither: a conversion lands
 * between 8-bit levels, and rounding every pixel the same way turns a smooth gradient into bands one level apart;
 * carrying each pixel's rounding error to its neighbours keeps the local mean at the exact value.
 */
final class ErrorDiffusion {
    private static final double LEVEL = 257.0;

    private ErrorDiffusion() {}

    /** {@code samples}: {@code bands} interleaved unsigned 16-bit values per pixel, row by row. */
    static byte[] to8Bits(short[] samples, int width, int height, int bands) {
        byte[] out = new byte[samples.length];
        int stride = width * bands;
        // error carried into this row and the next, with one pixel of margin at either end
        double[] current = new double[stride + 2 * bands];
        double[] next = new double[stride + 2 * bands];
        for (int y = 0; y < height; y++) {
            boolean leftToRight = (y & 1) == 0;
            int step = leftToRight ? 1 : -1;
            for (int i = 0; i < width; i++) {
                int x = leftToRight ? i : width - 1 - i;
                for (int b = 0; b < bands; b++) {
                    int at = y * stride + x * bands + b;
                    int e = (x + 1) * bands + b;
                    double wanted = (samples[at] & 0xFFFF) / LEVEL + current[e];
                    int level = (int) Math.max(0, Math.min(255, Math.round(wanted)));
                    out[at] = (byte) level;
                    double error = wanted - level;
                    current[e + step * bands] += error * 7 / 16;
                    next[e - step * bands] += error * 3 / 16;
                    next[e] += error * 5 / 16;
                    next[e + step * bands] += error * 1 / 16;
                }
            }
            double[] t = current;
            current = next;
            next = t;
            java.util.Arrays.fill(next, 0);
        }
        return out;
    }
}
