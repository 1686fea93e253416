package org.imageserving.tools.ic;

/**
 * The filter that makes each pyramid level from the one above it, at exactly half the size. Taps are given relative to
 * source pixel {@code 2i} for output pixel {@code i}; output pixel centres fall between two source pixels.
 */
public enum DownsampleFilter {
    /** -downsample2x2: the mean of each 2×2 block (bilinear at exactly one half). */
    BOX_2X2(new int[] {0, 1}, new float[] {0.5f, 0.5f}),
    /** -downsample8x8 (default): Lanczos-windowed sinc (a = 2) stretched by two, 8 taps per axis. */
    LANCZOS_8X8(new int[] {-3, -2, -1, 0, 1, 2, 3, 4}, lanczosWeights());

    final int[] offsets;
    final float[] weights;

    DownsampleFilter(int[] offsets, float[] weights) {
        this.offsets = offsets;
        this.weights = weights;
    }

    private static float[] lanczosWeights() {
        float[] w = new float[8];
        double sum = 0;
        for (int k = 0; k < 8; k++) {
            double distance = ((k - 3) - 0.5) / 2.0; // in output pixels
            w[k] = (float) (sinc(distance) * sinc(distance / 2.0));
            sum += w[k];
        }
        for (int k = 0; k < 8; k++) {
            w[k] /= (float) sum;
        }
        return w;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }
}
