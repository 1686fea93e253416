package org.imageserving.tools.ic;

import org.imageserving.tools.ptiff.InterleavedImage;

/**
 * ic's {@code -usm amount radius threshold monochrome}, with op_usm's meaning: add {@code amount} × (image − Gaussian
 * blur of {@code radius} pixels) wherever that difference exceeds {@code threshold} (0-255 levels); monochrome
 * sharpens luminance only, so edges gain no colour fringes. Alpha is left as it is.
 */
public record UnsharpMask(double amount, double radius, int threshold, boolean monochrome) {
    public UnsharpMask {
        if (amount < 0 || amount > 5 || radius < 0 || radius > 250 || threshold < 0 || threshold > 255) {
            throw new IllegalArgumentException("-usm needs amount 0-5, radius 0-250, threshold 0-255 (got "
                    + amount + " " + radius + " " + threshold + ")");
        }
    }

    public InterleavedImage apply(InterleavedImage image) {
        if (amount == 0 || radius == 0) {
            return image;
        }
        int w = image.width();
        int h = image.height();
        int colors = image.colorChannels();
        float levelThreshold = threshold * (image.maxValue() / 255f);
        InterleavedImage out = image.copy();
        float[] kernel = gaussian(radius);
        if (monochrome && colors == 3) {
            float[] luma = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    luma[y * w + x] = 0.299f * image.sample(x, y, 0) + 0.587f * image.sample(x, y, 1) + 0.114f * image.sample(x, y, 2);
                }
            }
            float[] blurred = blur(luma, w, h, kernel);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float diff = luma[y * w + x] - blurred[y * w + x];
                    if (Math.abs(diff) > levelThreshold) {
                        for (int c = 0; c < 3; c++) {
                            out.setSample(x, y, c, clamp(image.sample(x, y, c) + amount * diff, image.maxValue()));
                        }
                    }
                }
            }
            return out;
        }
        float[] plane = new float[w * h];
        for (int c = 0; c < colors; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    plane[y * w + x] = image.sample(x, y, c);
                }
            }
            float[] blurred = blur(plane, w, h, kernel);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float diff = plane[y * w + x] - blurred[y * w + x];
                    if (Math.abs(diff) > levelThreshold) {
                        out.setSample(x, y, c, clamp(plane[y * w + x] + amount * diff, image.maxValue()));
                    }
                }
            }
        }
        return out;
    }

    private static int clamp(double v, int max) {
        long r = Math.round(v);
        return (int) (r < 0 ? 0 : Math.min(r, max));
    }

    private static float[] gaussian(double sigma) {
        int reach = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * reach + 1];
        double sum = 0;
        for (int i = -reach; i <= reach; i++) {
            k[i + reach] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + reach];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    private static float[] blur(float[] plane, int w, int h, float[] kernel) {
        int reach = kernel.length / 2;
        float[] horizontal = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int k = -reach; k <= reach; k++) {
                    int sx = Math.max(0, Math.min(w - 1, x + k));
                    s += kernel[k + reach] * plane[y * w + sx];
                }
                horizontal[y * w + x] = s;
            }
        }
        float[] result = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int k = -reach; k <= reach; k++) {
                    int sy = Math.max(0, Math.min(h - 1, y + k));
                    s += kernel[k + reach] * horizontal[sy * w + x];
                }
                result[y * w + x] = s;
            }
        }
        return result;
    }
}
