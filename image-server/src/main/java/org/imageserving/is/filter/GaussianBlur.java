package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import org.imageserving.is.render.Pixels;

/**
 * Separable Gaussian blur on premultiplied pixels, edges repeated. Our choice (not documented): a blur radius r is read
 * as a Gaussian of standard deviation r/2 whose kernel reaches r (±2σ), the usual reading of "blur radius".
 */
final class GaussianBlur {
    private GaussianBlur() {}

    static void blur(BufferedImage image, double radius) {
        if (radius < 0.25) {
            return;
        }
        float[] kernel = kernel(radius / 2);
        int w = image.getWidth(), h = image.getHeight();
        int[] d = Pixels.data(image);
        float[][] planes = new float[4][w * h];
        for (int i = 0; i < d.length; i++) {
            planes[0][i] = d[i] >>> 24;
            planes[1][i] = (d[i] >> 16) & 0xFF;
            planes[2][i] = (d[i] >> 8) & 0xFF;
            planes[3][i] = d[i] & 0xFF;
        }
        float[] line = new float[Math.max(w, h)];
        for (float[] plane : planes) {
            convolve(plane, w, h, 1, w, kernel, line);
            convolve(plane, h, w, w, 1, kernel, line);
        }
        for (int i = 0; i < d.length; i++) {
            int a = Channels.clamp(planes[0][i]);
            d[i] = (a << 24) | (Math.min(a, Channels.clamp(planes[1][i])) << 16)
                    | (Math.min(a, Channels.clamp(planes[2][i])) << 8) | Math.min(a, Channels.clamp(planes[3][i]));
        }
    }

    /** Blurs {@code lines} lines of {@code length} samples; step between samples and between lines as given. */
    static void convolve(float[] plane, int length, int lines, int step, int lineStep, float[] kernel, float[] buf) {
        int r = kernel.length / 2;
        for (int l = 0; l < lines; l++) {
            int base = l * lineStep;
            for (int i = 0; i < length; i++) {
                float sum = 0;
                for (int k = -r; k <= r; k++) {
                    int j = Math.max(0, Math.min(length - 1, i + k));
                    sum += plane[base + j * step] * kernel[k + r];
                }
                buf[i] = sum;
            }
            for (int i = 0; i < length; i++) {
                plane[base + i * step] = buf[i];
            }
        }
    }

    static float[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(sigma * 3));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            double v = Math.exp(-(i * i) / (2 * sigma * sigma));
            k[i + r] = (float) v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }
}
