package org.imageserving.is.jpeg;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Optional;
import org.imageserving.is.render.Pixels;

/**
 * Converts the raw components of an Adobe CMYK or YCCK JPEG, after the reduced decode, to working sRGB pixels the
 * way the ImageIO path (TwelveMonkeys' JPEG reader) converts every full-size pixel: Adobe files store the components
 * inverted, and the colour space is the embedded CMYK profile, else TwelveMonkeys' generic CMYK.
 */
final class CmykToSrgb {
    private static final ColorSpace SRGB = ColorSpace.getInstance(ColorSpace.CS_sRGB);
    private final ColorSpace cmyk;

    private CmykToSrgb(ColorSpace cmyk) {
        this.cmyk = cmyk;
    }

    /** The conversion of a file with {@code embedded} (its ICC profile, if any); empty when the profile is not CMYK. */
    static Optional<CmykToSrgb> of(Optional<byte[]> embedded) {
        if (embedded.isEmpty()) {
            return Optional.of(new CmykToSrgb(ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK)));
        }
        try {
            ICC_Profile profile = ICC_Profile.getInstance(embedded.get());
            if (profile.getColorSpaceType() != ColorSpace.TYPE_CMYK || profile.getNumComponents() != 4) {
                return Optional.empty(); // the ImageIO path decides what a CMYK file with an RGB profile means
            }
            return Optional.of(new CmykToSrgb(ColorSpaces.createColorSpace(profile)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a profile Java reads: the ImageIO path decides
        }
    }

    /** The pixels of {@code area} of {@code decoded} in sRGB, as an opaque working image. */
    BufferedImage convert(LibjpegCmyk.Cmyk decoded, Rectangle area) {
        int w = area.width, h = area.height;
        byte[] ink = new byte[4 * w * h];
        byte[] data = decoded.data();
        for (int y = 0; y < h; y++) {
            int from = 4 * ((area.y + y) * decoded.width() + area.x), to = 4 * y * w;
            for (int i = 0; i < 4 * w; i++) {
                ink[to + i] = (byte) ~data[from + i]; // stored inverted, as Photoshop writes them
            }
        }
        WritableRaster source = Raster.createInterleavedRaster(new DataBufferByte(ink, ink.length), w, h, 4 * w, 4,
                new int[] {0, 1, 2, 3}, null);
        WritableRaster rgb = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, w, h, 3, null);
        new ColorConvertOp(cmyk, SRGB, null).filter(source, rgb);
        byte[] out = ((DataBufferByte) rgb.getDataBuffer()).getData();
        BufferedImage image = Pixels.create(w, h);
        int[] pixels = Pixels.data(image);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = 0xFF000000 | (out[3 * i] & 0xFF) << 16 | (out[3 * i + 1] & 0xFF) << 8 | (out[3 * i + 2] & 0xFF);
        }
        return image;
    }
}
