package org.imageserving.tools.ic;

import org.imageserving.tools.ptiff.InterleavedImage;

/**
 * Halves an image with a separable filter. Images with alpha are filtered premultiplied, so the colour of fully
 * transparent pixels cannot bleed into visible edges, and un-premultiplied again on output. Only the eight
 * horizontally filtered source rows the current output row needs are kept, not a second copy of the image.
 */
public final class Downsampler {
    private final DownsampleFilter filter;

    public Downsampler(DownsampleFilter filter) {
        this.filter = filter;
    }

    public static int half(int size) {
        return (size + 1) / 2;
    }

    public InterleavedImage halve(InterleavedImage source) {
        int width = source.width();
        int height = source.height();
        int channels = source.channels();
        InterleavedImage target = source.blankLike(half(width), half(height));
        int outWidth = target.width();
        int taps = filter.offsets.length;
        float[] sourceRow = new float[width * channels];
        float[][] cache = new float[taps][outWidth * channels];
        int[] cachedRow = new int[taps];
        java.util.Arrays.fill(cachedRow, -1);
        float[] outRow = new float[outWidth * channels];
        for (int oy = 0; oy < target.height(); oy++) {
            java.util.Arrays.fill(outRow, 0f);
            for (int k = 0; k < taps; k++) {
                int sy = clamp(2 * oy + filter.offsets[k], height);
                int slot = Math.floorMod(sy, taps);
                if (cachedRow[slot] != sy) {
                    source.readRow(sy, sourceRow);
                    if (source.hasAlpha()) {
                        premultiply(sourceRow, channels, source.maxValue());
                    }
                    horizontal(sourceRow, width, channels, cache[slot], outWidth);
                    cachedRow[slot] = sy;
                }
                float w = filter.weights[k];
                float[] row = cache[slot];
                for (int i = 0; i < outRow.length; i++) {
                    outRow[i] += w * row[i];
                }
            }
            if (source.hasAlpha()) {
                unpremultiply(outRow, channels, source.maxValue());
            }
            target.writeRow(oy, outRow);
        }
        return target;
    }

    private void horizontal(float[] in, int width, int channels, float[] out, int outWidth) {
        int taps = filter.offsets.length;
        for (int ox = 0; ox < outWidth; ox++) {
            for (int c = 0; c < channels; c++) {
                float sum = 0;
                for (int k = 0; k < taps; k++) {
                    sum += filter.weights[k] * in[clamp(2 * ox + filter.offsets[k], width) * channels + c];
                }
                out[ox * channels + c] = sum;
            }
        }
    }

    private static int clamp(int index, int size) {
        return index < 0 ? 0 : Math.min(index, size - 1);
    }

    static void premultiply(float[] row, int channels, float max) {
        for (int p = 0; p < row.length; p += channels) {
            float a = row[p + channels - 1] / max;
            for (int c = 0; c < channels - 1; c++) {
                row[p + c] *= a;
            }
        }
    }

    static void unpremultiply(float[] row, int channels, float max) {
        for (int p = 0; p < row.length; p += channels) {
            float alpha = Math.max(0, Math.min(max, row[p + channels - 1]));
            row[p + channels - 1] = alpha;
            for (int c = 0; c < channels - 1; c++) {
                row[p + c] = alpha <= 0 ? 0 : row[p + c] * max / alpha;
            }
        }
    }
}
