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
        float[] line = new float[w];
        float[] rows = new float[w * h];
        for (int c = 0; c < 4; c++) {
            // a plane that is zero everywhere (the colour of a black shadow) stays zero: skip it
            if (c > 0 && allZero(planes[c])) {
                continue;
            }
            horizontal(planes[c], w, h, kernel, line);
            vertical(planes[c], w, h, kernel, rows);
        }
        for (int i = 0; i < d.length; i++) {
            int a = Channels.clamp(planes[0][i]);
            d[i] = (a << 24) | (Math.min(a, Channels.clamp(planes[1][i])) << 16)
                    | (Math.min(a, Channels.clamp(planes[2][i])) << 8) | Math.min(a, Channels.clamp(planes[3][i]));
        }
    }

    private static boolean allZero(float[] plane) {
        for (float v : plane) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** Each row blurred along itself; the edges repeated, the inside without bounds checks. */
    static void horizontal(float[] plane, int w, int h, float[] kernel, float[] line) {
        int r = kernel.length / 2;
        for (int y = 0; y < h; y++) {
            int base = y * w;
            for (int x = 0; x < w; x++) {
                float sum = 0;
                if (x >= r && x < w - r) {
                    int o = base + x - r;
                    for (int k = 0; k < kernel.length; k++) {
                        sum += plane[o + k] * kernel[k];
                    }
                } else {
                    for (int k = -r; k <= r; k++) {
                        sum += plane[base + Math.max(0, Math.min(w - 1, x + k))] * kernel[k + r];
                    }
                }
                line[x] = sum;
            }
            System.arraycopy(line, 0, plane, base, w);
        }
    }

    /**
     * Each column blurred, a whole row at a time: the inner loop walks memory in order (a column walk jumps a row's
     * length per sample and missed the cache on every one), which the JIT also turns into vector instructions.
     */
    static void vertical(float[] plane, int w, int h, float[] kernel, float[] out) {
        int r = kernel.length / 2;
        for (int y = 0; y < h; y++) {
            int o = y * w;
            java.util.Arrays.fill(out, o, o + w, 0f);
            for (int k = -r; k <= r; k++) {
                int i = Math.max(0, Math.min(h - 1, y + k)) * w;
                float weight = kernel[k + r];
                for (int x = 0; x < w; x++) {
                    out[o + x] += plane[i + x] * weight;
                }
            }
        }
        System.arraycopy(out, 0, plane, 0, w * h);
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
