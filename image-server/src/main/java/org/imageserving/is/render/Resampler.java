package org.imageserving.is.render;

import java.awt.image.BufferedImage;

/**
 * Separable resampling of premultiplied pixels: a horizontal pass, then a vertical one. Reducing widens the kernel by
 * the reduction factor so every source pixel contributes (no aliasing); taps that fall outside the source repeat the
 * edge pixel and the weights are normalized, so edges never darken. Weights are fixed-point for speed.
 */
public final class Resampler {
    private static final int BITS = 14;
    private static final int ONE = 1 << BITS;

    private Resampler() {}

    /**
     * Resamples the window ({@code x}, {@code y}, {@code width}, {@code height}) of {@code source} — in source pixels,
     * fractions allowed, pixel i covering [i, i+1) — to an image of {@code outWidth} × {@code outHeight}.
     */
    public static BufferedImage resample(BufferedImage source, double x, double y, double width, double height,
                                         int outWidth, int outHeight, Kernel kernel) {
        int sw = source.getWidth(), sh = source.getHeight();
        if (outWidth == width && outHeight == height && x == Math.rint(x) && y == Math.rint(y)
                && x >= 0 && y >= 0 && x + width <= sw && y + height <= sh) {
            BufferedImage copy = Pixels.create(outWidth, outHeight);
            int[] s = Pixels.data(source), d = Pixels.data(copy);
            for (int row = 0; row < outHeight; row++) {
                System.arraycopy(s, (row + (int) y) * sw + (int) x, d, row * outWidth, outWidth);
            }
            return copy;
        }
        Taps horizontal = Taps.of(x, width, outWidth, sw, kernel);
        Taps vertical = Taps.of(y, height, outHeight, sh, kernel);
        int rowMin = vertical.minIndex(), rowMax = vertical.maxIndex();
        int rows = rowMax - rowMin + 1;
        int[] src = Pixels.data(source);
        int[] middle = new int[outWidth * rows];
        for (int r = 0; r < rows; r++) {
            int base = (rowMin + r) * sw;
            for (int o = 0; o < outWidth; o++) {
                middle[r * outWidth + o] = horizontal.apply(src, base, 1, o);
            }
        }
        BufferedImage out = Pixels.create(outWidth, outHeight);
        int[] dst = Pixels.data(out);
        for (int o = 0; o < outHeight; o++) {
            for (int col = 0; col < outWidth; col++) {
                dst[o * outWidth + col] = vertical.apply(middle, col - rowMin * outWidth, outWidth, o);
            }
        }
        return out;
    }

    /** For each output position: the first source index, the weights, all clamped into the source. */
    private record Taps(int[] start, int[][] weights, int minIndex, int maxIndex) {
        static Taps of(double origin, double span, int outSize, int sourceSize, Kernel kernel) {
            double scale = outSize / span;
            double widen = Math.max(1, 1 / scale);
            double support = kernel.support() * widen;
            int[] start = new int[outSize];
            int[][] weights = new int[outSize][];
            int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
            for (int o = 0; o < outSize; o++) {
                double center = origin + (o + 0.5) / scale;
                int first = (int) Math.floor(center - support);
                int last = (int) Math.ceil(center + support);
                int lo = Math.max(0, Math.min(sourceSize - 1, first));
                int hi = Math.max(0, Math.min(sourceSize - 1, last));
                double[] w = new double[hi - lo + 1];
                double sum = 0;
                for (int i = first; i <= last; i++) {
                    double weight = kernel.weight((i + 0.5 - center) / widen);
                    if (weight == 0) {
                        continue;
                    }
                    int clamped = Math.max(lo, Math.min(hi, i));
                    w[clamped - lo] += weight;
                    sum += weight;
                }
                if (sum == 0) { // a window between two taps of a very narrow kernel: take the nearest pixel
                    int nearest = Math.max(0, Math.min(sourceSize - 1, (int) Math.floor(center)));
                    lo = hi = nearest;
                    w = new double[] {1};
                    sum = 1;
                }
                int[] fixed = new int[w.length];
                int total = 0;
                for (int i = 0; i < w.length; i++) {
                    fixed[i] = (int) Math.round(w[i] / sum * ONE);
                    total += fixed[i];
                }
                fixed[largest(w)] += ONE - total; // weights sum to exactly one: flat areas stay flat
                start[o] = lo;
                weights[o] = fixed;
                min = Math.min(min, lo);
                max = Math.max(max, lo + fixed.length - 1);
            }
            return new Taps(start, weights, min, max);
        }

        private static int largest(double[] w) {
            int best = 0;
            for (int i = 1; i < w.length; i++) {
                if (Math.abs(w[i]) > Math.abs(w[best])) {
                    best = i;
                }
            }
            return best;
        }

        /** Weighted sum of the taps of output {@code o}, read from {@code data} at {@code base + index * stride}. */
        int apply(int[] data, int base, int stride, int o) {
            int[] w = weights[o];
            int index = base + start[o] * stride;
            int a = 0, r = 0, g = 0, b = 0;
            for (int weight : w) {
                int p = data[index];
                a += (p >>> 24) * weight;
                r += ((p >> 16) & 0xFF) * weight;
                g += ((p >> 8) & 0xFF) * weight;
                b += (p & 0xFF) * weight;
                index += stride;
            }
            int ca = clamp(a, 255);
            return (ca << 24) | (clamp(r, ca) << 16) | (clamp(g, ca) << 8) | clamp(b, ca);
        }

        /** Rounds a fixed-point sum and keeps it between 0 and {@code max} (premultiplied colour never exceeds alpha). */
        private static int clamp(int fixed, int max) {
            int v = (fixed + (ONE >> 1)) >> BITS;
            return v < 0 ? 0 : Math.min(v, max);
        }
    }
}
