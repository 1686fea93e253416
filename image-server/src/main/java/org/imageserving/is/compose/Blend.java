package org.imageserving.is.compose;

import org.imageserving.is.request.LayerStyle.BlendMode;

/**
 * Composites one premultiplied ARGB image onto another with a layer's opacity and blend mode ("blendMode": the
 * Photoshop-like modes). The separable modes use the W3C compositing formula in premultiplied form,
 * {@code co = cs·(1−αb) + cb·(1−αs) + αs·αb·B(Cb, Cs)}, {@code αo = αs + αb − αs·αb}, so a mode only changes where
 * both layers have coverage. Dissolve keeps each layer pixel wholly or not at all, with a probability equal to its
 * coverage, from a hash of the position: the same request always dissolves the same pixels (replies stay cacheable).
 */
public final class Blend {
    private Blend() {}

    /**
     * Blends {@code layer} (width × height pixels, row-major) onto {@code canvas} (canvasWidth pixels per row) at
     * ({@code x}, {@code y}); {@code clip} bounds the canvas area that may change (x0, y0, x1, y1).
     */
    public static void onto(int[] canvas, int canvasWidth, int[] layer, int width, int height, int x, int y,
                            double opacity, BlendMode mode) {
        int alphaScale = (int) Math.round(opacity * 256);
        if (alphaScale <= 0) {
            return;
        }
        for (int row = 0; row < height; row++) {
            int li = row * width;
            int ci = (y + row) * canvasWidth + x;
            for (int col = 0; col < width; col++, li++, ci++) {
                int s = layer[li];
                if (s == 0) {
                    continue;
                }
                if (alphaScale < 256) {
                    s = scale(s, alphaScale);
                }
                int b = canvas[ci];
                canvas[ci] = switch (mode) {
                    case NORM -> over(s, b);
                    case DISSOLVE -> dissolve(s, b, x + col, y + row);
                    default -> separable(s, b, mode);
                };
            }
        }
    }

    public static int scale(int p, int by256) {
        int a = ((p >>> 24) * by256 + 128) >> 8, r = (((p >> 16) & 255) * by256 + 128) >> 8;
        int g = (((p >> 8) & 255) * by256 + 128) >> 8, bl = ((p & 255) * by256 + 128) >> 8;
        return a << 24 | r << 16 | g << 8 | bl;
    }

    static int over(int s, int b) {
        int sa = s >>> 24;
        if (sa == 255) {
            return s;
        }
        int k = 255 - sa;
        int a = sa + div255((b >>> 24) * k);
        int r = ((s >> 16) & 255) + div255(((b >> 16) & 255) * k);
        int g = ((s >> 8) & 255) + div255(((b >> 8) & 255) * k);
        int bl = (s & 255) + div255((b & 255) * k);
        return a << 24 | Math.min(r, a) << 16 | Math.min(g, a) << 8 | Math.min(bl, a);
    }

    private static int dissolve(int s, int b, int x, int y) {
        int sa = s >>> 24;
        int h = x * 0x9E3779B1 ^ y * 0x85EBCA77;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        if ((h & 255) >= sa) {
            return b;
        }
        // the chosen pixel is drawn at full coverage: un-premultiply it
        return sa == 255 ? s : 0xff000000 | unpremultiplied(s, sa);
    }

    private static int unpremultiplied(int p, int a) {
        int r = Math.min(255, ((p >> 16) & 255) * 255 / a), g = Math.min(255, ((p >> 8) & 255) * 255 / a);
        int bl = Math.min(255, (p & 255) * 255 / a);
        return r << 16 | g << 8 | bl;
    }

    /**
     * The separable modes in premultiplied integers: with {@code B(Cb, Cs)} multiplied out, multiply is
     * {@code cs·cb}, screen {@code cs·ab + cb·as − cs·cb}, lighten and darken the larger or smaller of
     * {@code cs·ab} and {@code cb·as}; one rounding at the end.
     */
    private static int separable(int s, int b, BlendMode mode) {
        int as = s >>> 24, ab = b >>> 24;
        if (ab == 0) {
            return s;
        }
        int ao = as + ab - div255(as * ab);
        int out = ao << 24;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int cs = (s >> shift) & 255, cb = (b >> shift) & 255;
            int mixed = switch (mode) {
                case LIGHTEN -> Math.max(cs * ab, cb * as);
                case DARKEN -> Math.min(cs * ab, cb * as);
                case MULT -> cs * cb;
                case SCREEN -> cs * ab + cb * as - cs * cb;
                default -> cs * ab;
            };
            int co = (cs * (255 - ab) + cb * (255 - as) + mixed + 127) / 255;
            out |= Math.min(ao, Math.max(0, co)) << shift;
        }
        return out;
    }

    private static int div255(int v) {
        return (v + 128 + ((v + 128) >> 8)) >> 8;
    }
}
