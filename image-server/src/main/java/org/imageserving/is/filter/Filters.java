package org.imageserving.is.filter;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.FilterCommands;

/**
 * The Tier 1 {@code op_*} filters on working (premultiplied) images. Colour adjustments work on unpremultiplied
 * values and leave alpha alone; blurs and sharpening work on premultiplied values, so transparent pixels never bleed.
 *
 * <p>[Decision] Order, as listed in the command reference: blur, brightness, contrast, hue, saturation, invert on
 * the composite; sharpen and unsharp mask on the final view image.
 */
public final class Filters {
    private Filters() {}

    /** The composite filters; {@code scale} converts composite pixels (blur radius) to pixels of {@code image}. */
    public static void applyToComposite(BufferedImage image, FilterCommands f, double scale) {
        if (f.blur() > 0) {
            GaussianBlur.blur(image, f.blur() * scale);
        }
        if (f.colorAdjustments()) {
            adjustColors(image, f);
        }
    }

    /** Sharpening on the final view; {@code usmScale} converts full-resolution source pixels to view pixels. */
    public static void applyToView(BufferedImage image, FilterCommands f, double usmScale) {
        if (f.sharpen()) {
            Sharpen.basic(image);
        }
        f.usm().ifPresent(u -> Sharpen.unsharpMask(image, u.amount(), u.scaled() ? u.radius() * usmScale : u.radius(),
                u.threshold(), u.mono()));
    }

    static void adjustColors(BufferedImage image, FilterCommands f) {
        int[] lut = toneCurve(f.brightness(), f.contrast());
        float hueTurn = f.hue() / 360f;
        float saturation = 1 + f.saturation() / 100f;
        boolean hsb = f.hue() != 0 || f.saturation() != 0;
        float[] hsbValues = new float[3];
        int[] d = Pixels.data(image);
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            int r = unpremultiply((p >> 16) & 0xFF, a), g = unpremultiply((p >> 8) & 0xFF, a);
            int b = unpremultiply(p & 0xFF, a);
            r = lut[r];
            g = lut[g];
            b = lut[b];
            if (hsb) {
                int rgb = adjustHueSaturation(r, g, b, hueTurn, saturation, hsbValues);
                r = (rgb >> 16) & 0xFF;
                g = (rgb >> 8) & 0xFF;
                b = rgb & 0xFF;
            }
            if (f.invert()) {
                r = 255 - r;
                g = 255 - g;
                b = 255 - b;
            }
            d[i] = (a << 24) | (premultiply(r, a) << 16) | (premultiply(g, a) << 8) | premultiply(b, a);
        }
    }

    /**
     * Brightness shifts every value by {@code brightness}% of the range; contrast pushes values away from (positive)
     * or towards (negative) the middle gray, 100 giving a hard threshold and −100 a flat gray.
     */
    static int[] toneCurve(int brightness, int contrast) {
        double factor = contrast >= 0 ? (contrast == 100 ? 1e6 : 100.0 / (100 - contrast)) : (100 + contrast) / 100.0;
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            double x = v + brightness * 2.55;
            x = (x - 127.5) * factor + 127.5;
            lut[v] = (int) Math.max(0, Math.min(255, Math.round(x)));
        }
        return lut;
    }

    /** Hue rotates around the colour wheel; saturation scales the distance from the pixel's own luminance gray. */
    static int adjustHueSaturation(int r, int g, int b, float hueTurn, float saturation, float[] hsb) {
        if (hueTurn != 0) {
            Color.RGBtoHSB(r, g, b, hsb);
            int rgb = Color.HSBtoRGB(hsb[0] + hueTurn, hsb[1], hsb[2]);
            r = (rgb >> 16) & 0xFF;
            g = (rgb >> 8) & 0xFF;
            b = rgb & 0xFF;
        }
        if (saturation != 1) {
            double luma = 0.299 * r + 0.587 * g + 0.114 * b;
            r = clamp(luma + (r - luma) * saturation);
            g = clamp(luma + (g - luma) * saturation);
            b = clamp(luma + (b - luma) * saturation);
        }
        return (r << 16) | (g << 8) | b;
    }

    static int unpremultiply(int c, int a) {
        return a == 255 ? c : Math.min(255, (c * 255 + a / 2) / a);
    }

    static int premultiply(int c, int a) {
        return a == 255 ? c : (c * a + 127) / 255;
    }

    static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
