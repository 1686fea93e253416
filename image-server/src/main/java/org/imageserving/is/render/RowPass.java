package org.imageserving.is.render;

/**
 * One pass of the separable resampler, always down the rows: output row {@code o} is the weighted sum of the source
 * rows its taps name, column by column. Running along rows with one weight per row is what vector units do well, so
 * {@link Resampler} turns the image sideways for its horizontal pass instead of writing a second kind of pass.
 *
 * <p>With the {@code jdk.incubator.vector} module (the Image Server starts with it) the sums are taken 8 or 16
 * columns at a time; without it, one column at a time with the same integer arithmetic and the same results.
 */
final class RowPass {
    static final int BITS = 14;
    static final int ONE = 1 << BITS;
    /** {@code -Dimageserving.vectorResampler=false} turns the vector pass off: the Vector API is still incubating. */
    private static final boolean VECTORS = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("imageserving.vectorResampler"));

    private RowPass() {}

    static boolean vectorized() {
        return VECTORS;
    }

    /**
     * @param src       premultiplied ARGB pixels, rows {@code srcWidth} long
     * @param firstRow  the source row that {@code taps} index 0 refers to
     * @param column    the first source column read
     * @param columns   how many columns each output row has
     * @param start     per output row, the index of its first tap
     * @param weights   per output row, its fixed-point weights (summing to {@link #ONE})
     * @param dst       output rows, {@code columns} long
     */
    static void apply(int[] src, int srcWidth, int firstRow, int column, int columns, int[] start, int[][] weights,
                      int[] dst) {
        if (VECTORS) {
            VectorRowPass.apply(src, srcWidth, firstRow, column, columns, start, weights, dst);
        } else {
            scalar(src, srcWidth, firstRow, column, columns, start, weights, dst);
        }
    }

    static void scalar(int[] src, int srcWidth, int firstRow, int column, int columns, int[] start, int[][] weights,
                       int[] dst) {
        for (int o = 0; o < start.length; o++) {
            int first = (start[o] - firstRow) * srcWidth + column;
            for (int c = 0; c < columns; c++) {
                dst[o * columns + c] = column(src, first + c, srcWidth, weights[o]);
            }
        }
    }

    /** The weighted sum down one column, from {@code index}, rounded and clamped (colour never exceeds alpha). */
    static int column(int[] src, int index, int stride, int[] w) {
        int a = 0, r = 0, g = 0, b = 0;
        for (int weight : w) {
            int p = src[index];
            a += (p >>> 24) * weight;
            r += ((p >> 16) & 0xFF) * weight;
            g += ((p >> 8) & 0xFF) * weight;
            b += (p & 0xFF) * weight;
            index += stride;
        }
        int ca = clamp(a, 255);
        return (ca << 24) | (clamp(r, ca) << 16) | (clamp(g, ca) << 8) | clamp(b, ca);
    }

    private static int clamp(int fixed, int max) {
        int v = (fixed + (ONE >> 1)) >> BITS;
        return v < 0 ? 0 : Math.min(v, max);
    }
}
