package org.imageserving.is.jpeg;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.imageserving.is.render.Pixels;

/**
 * Converts opaque working pixels that hold values of an embedded RGB profile to sRGB with the JDK's colour engine
 * (LittleCMS), the engine and intent the ImageIO path uses for the same file: the fallback where the system has no
 * LittleCMS for {@link org.imageserving.is.color.EmbeddedRgbToSrgb}, which is several times faster.
 */
final class ProfileToSrgb {
    private static final ICC_Profile SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB);

    private ProfileToSrgb() {}

    static void convert(BufferedImage working, ICC_Profile profile) {
        int w = working.getWidth(), h = working.getHeight();
        int[] data = Pixels.data(working);
        byte[] rgb = new byte[3 * data.length];
        for (int i = 0; i < data.length; i++) {
            int p = data[i];
            rgb[3 * i] = (byte) (p >> 16);
            rgb[3 * i + 1] = (byte) (p >> 8);
            rgb[3 * i + 2] = (byte) p;
        }
        WritableRaster source = Raster.createInterleavedRaster(new DataBufferByte(rgb, rgb.length), w, h, 3 * w, 3,
                new int[] {0, 1, 2}, null);
        WritableRaster converted = source.createCompatibleWritableRaster();
        new ColorConvertOp(new ICC_Profile[] {profile, SRGB}, null).filter(source, converted);
        byte[] out = ((DataBufferByte) converted.getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = 0xFF000000 | (out[3 * i] & 0xFF) << 16 | (out[3 * i + 1] & 0xFF) << 8 | (out[3 * i + 2] & 0xFF);
        }
    }
}
