package org.imageserving.is.color;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.ColorCommands.RenderIntent;

/**
 * Converts the reply from the working space (premultiplied sRGB) into its output profile with the JDK's colour
 * engine (LittleCMS inside the JDK), with what that engine does not offer added by {@link IccTransform}: the render
 * intent, absolute colorimetric scaling and black point compensation; dither is {@link ErrorDiffusion} of a 16-bit
 * result. RGB and gray replies are converted in place, so that every encoder keeps working on the same image: gray
 * values are stored as equal R, G and B, whose luma is that value again. CMYK replies get a four-band image of their
 * own, which only the CMYK-capable encoders read.
 *
 * <p>Colour is converted on straight (not premultiplied) values, so transparent pixels keep their opacity and
 * half-transparent ones the colour they would show over white or black alike.
 */
public final class ColorConversion {
    private static final ICC_Profile SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB);

    private ColorConversion() {}

    /** Converts an RGB or gray reply in place. */
    public static void inPlace(BufferedImage working, ICC_Profile profile, RenderIntent intent, boolean bpc,
                               boolean dither) {
        int bands = profile.getNumComponents();
        int[] data = Pixels.data(working);
        byte[] converted = convert(data, working.getWidth(), working.getHeight(), profile, intent, bpc, dither, bands);
        for (int i = 0; i < data.length; i++) {
            int a = data[i] >>> 24;
            int r, g, b;
            if (bands == 1) {
                r = g = b = converted[i] & 0xFF;
            } else {
                r = converted[3 * i] & 0xFF;
                g = converted[3 * i + 1] & 0xFF;
                b = converted[3 * i + 2] & 0xFF;
            }
            if (a != 255) {
                r = (r * a + 127) / 255;
                g = (g * a + 127) / 255;
                b = (b * a + 127) / 255;
            }
            data[i] = a << 24 | r << 16 | g << 8 | b;
        }
    }

    /**
     * The CMYK values of an opaque reply, 0 = no ink, 255 = full ink, in a four-band interleaved raster
     * (C, M, Y, K).
     */
    public static WritableRaster toCmyk(BufferedImage working, ICC_Profile profile, RenderIntent intent, boolean bpc,
                                        boolean dither) {
        int w = working.getWidth(), h = working.getHeight();
        byte[] converted = convert(Pixels.data(working), w, h, profile, intent, bpc, dither, 4);
        return Raster.createInterleavedRaster(new DataBufferByte(converted, converted.length), w, h, 4 * w, 4,
                new int[] {0, 1, 2, 3}, null);
    }

    private static byte[] convert(int[] data, int w, int h, ICC_Profile profile, RenderIntent intent, boolean bpc,
                                  boolean dither, int bands) {
        byte[] rgb = new byte[data.length * 3];
        for (int i = 0; i < data.length; i++) {
            int p = data[i];
            int a = p >>> 24;
            int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (a != 255 && a != 0) {
                r = Math.min(255, (r * 255 + a / 2) / a);
                g = Math.min(255, (g * 255 + a / 2) / a);
                b = Math.min(255, (b * 255 + a / 2) / a);
            }
            rgb[3 * i] = (byte) r;
            rgb[3 * i + 1] = (byte) g;
            rgb[3 * i + 2] = (byte) b;
        }
        WritableRaster in = Raster.createInterleavedRaster(new DataBufferByte(rgb, rgb.length), w, h, 3 * w, 3,
                new int[] {0, 1, 2}, null);
        IccTransform transform = new IccTransform(SRGB, profile, intent, bpc);
        if (dither) {
            // the engine rounds to 8 bits; 16 bits keep the fraction that error diffusion spreads
            WritableRaster out = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, w, h, bands, null);
            transform.convert(in, out);
            return ErrorDiffusion.to8Bits(((DataBufferUShort) out.getDataBuffer()).getData(), w, h, bands);
        }
        WritableRaster out = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, bands, null);
        transform.convert(in, out);
        return ((DataBufferByte) out.getDataBuffer()).getData();
    }
}
