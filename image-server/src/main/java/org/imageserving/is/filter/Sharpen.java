package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import org.imageserving.is.render.Pixels;

/** {@code op_sharpen} (a fixed 3×3 sharpening kernel) and {@code op_usm} / {@code op_usmR} (unsharp mask). */
final class Sharpen {
    private Sharpen() {}

    /** out = original + amount · (original − blurred), per channel, where the difference exceeds the threshold. */
    static void unsharpMask(BufferedImage image, double amount, double radius, int threshold, boolean mono) {
        if (amount <= 0 || radius <= 0) {
            return;
        }
        BufferedImage blurred = Pixels.create(image.getWidth(), image.getHeight());
        Pixels.paste(image, blurred, 0, 0);
        // [Decision] radius is the Gaussian's standard deviation, as in Photoshop's Unsharp Mask.
        GaussianBlur.blur(blurred, radius * 2);
        int[] d = Pixels.data(image), s = Pixels.data(blurred);
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            int q = s[i];
            int[] o = {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF};
            int[] b = {(q >> 16) & 0xFF, (q >> 8) & 0xFF, q & 0xFF};
            if (mono) {
                // Luminance only: the same correction is added to all three channels, so hues do not shift.
                double diff = luma(o) - luma(b);
                if (Math.abs(diff) * 255 / Math.max(1, a) <= threshold) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    o[c] = Math.min(a, Filters.clamp(o[c] + amount * diff));
                }
            } else {
                for (int c = 0; c < 3; c++) {
                    int diff = o[c] - b[c];
                    if (Math.abs(diff) * 255 / Math.max(1, a) > threshold) {
                        o[c] = Math.min(a, Filters.clamp(o[c] + amount * diff));
                    }
                }
            }
            d[i] = (a << 24) | (o[0] << 16) | (o[1] << 8) | o[2];
        }
    }

    /** 3×3 kernel: centre 5, edges −1 (a Laplacian added back once). */
    static void basic(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int[] d = Pixels.data(image);
        int[] src = d.clone();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = src[y * w + x];
                int a = c >>> 24;
                if (a == 0) {
                    continue;
                }
                int l = src[y * w + Math.max(0, x - 1)], r = src[y * w + Math.min(w - 1, x + 1)];
                int u = src[Math.max(0, y - 1) * w + x], b = src[Math.min(h - 1, y + 1) * w + x];
                int out = a << 24;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    int v = 5 * ((c >> shift) & 0xFF) - ((l >> shift) & 0xFF) - ((r >> shift) & 0xFF)
                            - ((u >> shift) & 0xFF) - ((b >> shift) & 0xFF);
                    out |= Math.max(0, Math.min(a, v)) << shift;
                }
                d[y * w + x] = out;
            }
        }
    }

    private static double luma(int[] rgb) {
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }
}
