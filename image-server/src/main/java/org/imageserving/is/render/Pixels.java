package org.imageserving.is.render;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.awt.image.DataBufferInt;

/**
 * The working pixel layout: sRGB, 8 bits, premultiplied alpha, packed in an int ({@code TYPE_INT_ARGB_PRE}).
 * Premultiplied so that resampling and blurring never bleed the colour of transparent pixels into visible ones.
 */
public final class Pixels {
    private Pixels() {}

    public static BufferedImage create(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB_PRE);
    }

    /** The backing array of a working image, row by row. */
    public static int[] data(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    /**
     * Converts a decoded image to the working layout. Sources with a non-sRGB ICC colour space (an embedded profile)
     * are converted colorimetrically to sRGB first; gray, palette and 16-bit sources go through Java2D's blit.
     */
    public static BufferedImage toWorking(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_ARGB_PRE) {
            return image;
        }
        BufferedImage source = image;
        ColorSpace space = image.getColorModel().getColorSpace();
        if (space.getType() == ColorSpace.TYPE_GRAY && image.getColorModel() instanceof ComponentColorModel
                && image.getType() != BufferedImage.TYPE_BYTE_GRAY && image.getType() != BufferedImage.TYPE_USHORT_GRAY) {
            return grayToWorking(image);
        }
        if (space instanceof ICC_ColorSpace && !space.isCS_sRGB() && space.getType() != ColorSpace.TYPE_GRAY) {
            BufferedImage srgb = new BufferedImage(image.getWidth(), image.getHeight(),
                    image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            new ColorConvertOp(null).filter(image, srgb);
            source = srgb;
        }
        BufferedImage working = create(image.getWidth(), image.getHeight());
        Graphics2D g = working.createGraphics();
        try {
            g.drawImage(source, 0, 0, null);
        } finally {
            g.dispose();
        }
        return working;
    }

    /**
     * Gray with alpha, or gray in a custom layout. Java's gray colour space is linear, so its generic conversion
     * would lighten every gray (0x80 becomes 0xBC); file formats store gamma-encoded gray, which is copied as is.
     */
    private static BufferedImage grayToWorking(BufferedImage image) {
        Raster raster = image.getRaster();
        ColorModel model = image.getColorModel();
        boolean alpha = model.hasAlpha() && raster.getNumBands() > 1;
        double grayMax = (1L << model.getComponentSize(0)) - 1;
        double alphaMax = alpha ? (1L << model.getComponentSize(1)) - 1 : 1;
        int w = image.getWidth(), h = image.getHeight();
        BufferedImage working = create(w, h);
        int[] d = data(working);
        int[] gray = new int[w], opacity = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, gray);
            if (alpha) {
                raster.getSamples(0, y, w, 1, 1, opacity);
            }
            for (int x = 0; x < w; x++) {
                int a = alpha ? (int) Math.round(opacity[x] * 255 / alphaMax) : 255;
                int g = (int) Math.round(gray[x] * 255 / grayMax);
                g = (g * a + 127) / 255;
                d[y * w + x] = a << 24 | g << 16 | g << 8 | g;
            }
        }
        return working;
    }

    /** Flattens onto an opaque colour: what formats without alpha show where the image is (partly) transparent. */
    public static void flatten(BufferedImage image, int background) {
        int[] d = data(image);
        int br = (background >> 16) & 0xFF, bg = (background >> 8) & 0xFF, bb = background & 0xFF;
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 255) {
                continue;
            }
            int inv = 255 - a;
            int r = ((p >> 16) & 0xFF) + (br * inv + 127) / 255;
            int g = ((p >> 8) & 0xFF) + (bg * inv + 127) / 255;
            int b = (p & 0xFF) + (bb * inv + 127) / 255;
            d[i] = 0xFF000000 | (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
        }
    }

    /** Copies {@code source} into {@code target} at (x, y), pixel for pixel (no blending: target is transparent there). */
    public static void paste(BufferedImage source, BufferedImage target, int x, int y) {
        int[] s = data(source);
        int[] t = data(target);
        int sw = source.getWidth(), tw = target.getWidth(), th = target.getHeight();
        int x0 = Math.max(0, x), x1 = Math.min(tw, x + sw);
        int y0 = Math.max(0, y), y1 = Math.min(th, y + source.getHeight());
        if (x0 >= x1) {
            return;
        }
        for (int row = y0; row < y1; row++) {
            System.arraycopy(s, (row - y) * sw + (x0 - x), t, row * tw + x0, x1 - x0);
        }
    }

    /** Mirrors and turns by quarter turns clockwise, exactly (pixels are moved, never resampled). */
    public static BufferedImage flipAndTurn(BufferedImage image, boolean flipH, boolean flipV, int quarterTurns) {
        if (!flipH && !flipV && quarterTurns == 0) {
            return image;
        }
        int w = image.getWidth(), h = image.getHeight();
        boolean swap = quarterTurns % 2 == 1;
        int ow = swap ? h : w, oh = swap ? w : h;
        BufferedImage out = create(ow, oh);
        int[] s = data(image), d = data(out);
        for (int y = 0; y < h; y++) {
            int fy = flipV ? h - 1 - y : y;
            for (int x = 0; x < w; x++) {
                int fx = flipH ? w - 1 - x : x;
                int tx, ty;
                switch (quarterTurns) {
                    case 1 -> { tx = h - 1 - fy; ty = fx; }
                    case 2 -> { tx = w - 1 - fx; ty = h - 1 - fy; }
                    case 3 -> { tx = fy; ty = w - 1 - fx; }
                    default -> { tx = fx; ty = fy; }
                }
                d[ty * ow + tx] = s[y * w + x];
            }
        }
        return out;
    }

    /** Multiplies every pixel's coverage by {@code opacity} (0..1): premultiplied, so all four channels scale. */
    public static void fade(BufferedImage image, double opacity) {
        int[] data = data(image);
        int k = (int) Math.round(opacity * 256);
        for (int i = 0; i < data.length; i++) {
            if (data[i] != 0) {
                data[i] = org.imageserving.is.compose.Blend.scale(data[i], k);
            }
        }
    }


    /** Replaces every pixel by an opaque gray of its coverage: the image's mask, white where it is opaque. */
    public static void alphaAsGray(BufferedImage image) {
        int[] data = data(image);
        for (int i = 0; i < data.length; i++) {
            int a = data[i] >>> 24;
            data[i] = 0xff000000 | a << 16 | a << 8 | a;
        }
    }

    /** A non-premultiplied ARGB value in the working layout. */
    public static int premultiply(int argb) {
        int a = argb >>> 24;
        return a << 24 | ((argb >> 16 & 255) * a / 255) << 16 | ((argb >> 8 & 255) * a / 255) << 8 | (argb & 255) * a / 255;
    }
}
