package org.imageserving.is.encode;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;

/**
 * {@code tif} and {@code tif-alpha} with compression none, lzw, zip (Deflate) or jpeg ({@code qlt} applies); RGB,
 * gray or (opaque) CMYK pixels. The TIFF writer embeds the profile of an image's ICC colour space as the ICC profile
 * tag, so a profile is embedded by giving the pixels that colour space, and left out by giving them a plain one.
 */
final class TiffEncoder implements Encoder {
    private static final String TIFF_FORMAT = "com_sun_media_imageio_plugins_tiff_image_1.0";

    @Override
    public Set<OutputFormat> formats() {
        return Set.of(OutputFormat.TIF, OutputFormat.TIF_ALPHA);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        return encode(image, output, ReplyColor.NONE);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output, ReplyColor color) {
        BufferedImage pixels;
        if (color.cmyk() != null) {
            ColorSpace space = color.embedded() != null ? new ICC_ColorSpace(color.embedded()) : DeviceCmyk.INSTANCE;
            pixels = withColorSpace(color.cmyk(), space, false);
        } else {
            if (output.format().hasAlpha()) {
                pixels = output.gray() ? Images.grayArgb(image) : Images.argb(image);
            } else {
                pixels = output.gray() ? Images.gray(image) : Images.rgb(image);
            }
            if (color.embedded() != null) {
                // a copy of the profile: the writer leaves out the JDK's own sRGB, which iccEmbed=1 asks for too
                ICC_ColorSpace space = new ICC_ColorSpace(ICC_Profile.getInstance(color.embedded().getData()));
                pixels = withColorSpace(bands(pixels, output.gray()), space, output.format().hasAlpha());
            }
        }
        ImageWriter writer = Images.writer("tiff");
        ImageWriteParam param = writer.getDefaultWriteParam();
        switch (output.compression()) {
            case "lzw" -> explicit(param, Images.compressionType(param, "LZW"));
            case "zip" -> explicit(param, Images.compressionType(param, "Deflate", "ZLib"));
            case "jpeg" -> {
                explicit(param, Images.compressionType(param, "JPEG"));
                param.setCompressionQuality(output.quality() / 100f);
            }
            default -> {
                if (param.canWriteCompressed()) {
                    param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
                }
            }
        }
        IIOMetadata metadata = color.dpi() > 0 || color.xmp() != null
                ? fields(writer, pixels, param, color.dpi(), color.xmp()) : null;
        return Images.write(writer, pixels, param, metadata);
    }

    /** Byte bands of an encoder-ready image: gray, gray+alpha, RGB or RGBA (straight alpha). */
    private static WritableRaster bands(BufferedImage pixels, boolean gray) {
        if (pixels.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return pixels.getRaster();
        }
        int w = pixels.getWidth(), h = pixels.getHeight();
        boolean alpha = pixels.getColorModel().hasAlpha();
        int n = (gray ? 1 : 3) + (alpha ? 1 : 0);
        int[] argb = ((DataBufferInt) pixels.getRaster().getDataBuffer()).getData();
        byte[] out = new byte[argb.length * n];
        for (int i = 0, o = 0; i < argb.length; i++) {
            int p = argb[i];
            if (gray) {
                out[o++] = (byte) p;
            } else {
                out[o++] = (byte) (p >> 16);
                out[o++] = (byte) (p >> 8);
                out[o++] = (byte) p;
            }
            if (alpha) {
                out[o++] = (byte) (p >>> 24);
            }
        }
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            offsets[i] = i;
        }
        return Raster.createInterleavedRaster(new DataBufferByte(out, out.length), w, h, n * w, n, offsets, null);
    }

    private static BufferedImage withColorSpace(WritableRaster raster, ColorSpace space, boolean alpha) {
        ColorModel model = new ComponentColorModel(space, alpha, false,
                alpha ? ColorModel.TRANSLUCENT : ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(model, raster, false, null);
    }

    /**
     * XResolution, YResolution and ResolutionUnit (inch) when {@code dpi > 0}, and the XMP tag (700, bytes as stored)
     * when {@code xmp} is not null, in the writer's own metadata.
     */
    private static IIOMetadata fields(ImageWriter writer, BufferedImage image, ImageWriteParam param, int dpi,
                                      byte[] xmp) {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        IIOMetadataNode root = new IIOMetadataNode(TIFF_FORMAT);
        IIOMetadataNode ifd = new IIOMetadataNode("TIFFIFD");
        root.appendChild(ifd);
        if (xmp != null) {
            ifd.appendChild(xmp(xmp));
        }
        if (dpi <= 0) {
            return merged(metadata, root);
        }
        ifd.appendChild(rational(282, "XResolution", dpi));
        ifd.appendChild(rational(283, "YResolution", dpi));
        IIOMetadataNode unit = new IIOMetadataNode("TIFFField");
        unit.setAttribute("number", "296");
        unit.setAttribute("name", "ResolutionUnit");
        IIOMetadataNode shorts = new IIOMetadataNode("TIFFShorts");
        IIOMetadataNode value = new IIOMetadataNode("TIFFShort");
        value.setAttribute("value", "2");
        shorts.appendChild(value);
        unit.appendChild(shorts);
        ifd.appendChild(unit);
        return merged(metadata, root);
    }

    private static IIOMetadata merged(IIOMetadata metadata, IIOMetadataNode root) {
        try {
            metadata.mergeTree(TIFF_FORMAT, root);
        } catch (IIOInvalidTreeException | RuntimeException e) {
            throw RenderException.serverError("cannot set the TIFF header fields: " + e.getMessage(), e);
        }
        return metadata;
    }

    /** Tag 700 as type BYTE, which XMP part 3 names for TIFF; the writer takes a tag it does not know by its type. */
    private static IIOMetadataNode xmp(byte[] packet) {
        IIOMetadataNode field = new IIOMetadataNode("TIFFField");
        field.setAttribute("number", "700");
        field.setAttribute("name", "XMP");
        IIOMetadataNode bytes = new IIOMetadataNode("TIFFBytes");
        for (byte b : packet) {
            IIOMetadataNode value = new IIOMetadataNode("TIFFByte");
            value.setAttribute("value", Integer.toString(b & 0xFF));
            bytes.appendChild(value);
        }
        field.appendChild(bytes);
        return field;
    }

    private static IIOMetadataNode rational(int number, String name, int dpi) {
        IIOMetadataNode field = new IIOMetadataNode("TIFFField");
        field.setAttribute("number", Integer.toString(number));
        field.setAttribute("name", name);
        IIOMetadataNode rationals = new IIOMetadataNode("TIFFRationals");
        IIOMetadataNode value = new IIOMetadataNode("TIFFRational");
        value.setAttribute("value", dpi + "/1");
        rationals.appendChild(value);
        field.appendChild(rationals);
        return field;
    }

    private static void explicit(ImageWriteParam param, String type) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(type);
    }

    /** CMYK without a profile: the writer needs a CMYK colour space to write separated pixels, not an ICC one. */
    private static final class DeviceCmyk extends ColorSpace {
        static final DeviceCmyk INSTANCE = new DeviceCmyk();

        private DeviceCmyk() {
            super(TYPE_CMYK, 4);
        }

        @Override
        public float[] toRGB(float[] v) {
            float k = 1 - v[3];
            return new float[] {(1 - v[0]) * k, (1 - v[1]) * k, (1 - v[2]) * k};
        }

        @Override
        public float[] fromRGB(float[] rgb) {
            float k = 1 - Math.max(rgb[0], Math.max(rgb[1], rgb[2]));
            float d = k >= 1 ? 1 : 1 - k;
            return new float[] {(1 - rgb[0] - k) / d, (1 - rgb[1] - k) / d, (1 - rgb[2] - k) / d, k};
        }

        @Override
        public float[] toCIEXYZ(float[] v) {
            return getInstance(CS_sRGB).toCIEXYZ(toRGB(v));
        }

        @Override
        public float[] fromCIEXYZ(float[] xyz) {
            return fromRGB(getInstance(CS_sRGB).fromCIEXYZ(xyz));
        }
    }
}
