package org.imageserving.is.render;

import java.awt.image.BufferedImage;

/**
 * Separable resampling of premultiplied pixels: a vertical pass, then a horizontal one. Reducing widens the kernel by
 * the reduction factor so every source pixel contributes (no aliasing); taps that fall outside the source repeat the
 * edge pixel and the weights are normalized, so edges never darken. Weights are fixed-point for speed.
 */
public final class Resampler {
    private static final int ONE = RowPass.ONE;

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
        int colMin = horizontal.minIndex();
        int columns = horizontal.maxIndex() - colMin + 1;
        // Both passes run down the rows (see RowPass): vertically on the source, then horizontally on the result
        // turned sideways, and the output turned back.
        int[] middle = new int[columns * outHeight];
        RowPass.apply(Pixels.data(source), sw, 0, colMin, columns, vertical.start(), vertical.weights(), middle);
        int[] sideways = new int[outWidth * outHeight];
        RowPass.apply(transpose(middle, columns, outHeight), outHeight, colMin, 0, outHeight, horizontal.start(),
                horizontal.weights(), sideways);
        BufferedImage out = Pixels.create(outWidth, outHeight);
        int[] dst = Pixels.data(out);
        System.arraycopy(transpose(sideways, outHeight, outWidth), 0, dst, 0, dst.length);
        return out;
    }

    /** The {@code width} × {@code height} pixels as a {@code height} × {@code width} image: rows become columns. */
    static int[] transpose(int[] pixels, int width, int height) {
        int[] turned = new int[pixels.length];
        final int block = 64; // tiles that stay in cache on both sides
        for (int y0 = 0; y0 < height; y0 += block) {
            int y1 = Math.min(height, y0 + block);
            for (int x0 = 0; x0 < width; x0 += block) {
                int x1 = Math.min(width, x0 + block);
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        turned[x * height + y] = pixels[y * width + x];
                    }
                }
            }
        }
        return turned;
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
    }
}
