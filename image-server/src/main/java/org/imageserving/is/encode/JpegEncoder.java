package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.WritableRaster;
import java.util.Set;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code jpeg}/{@code jpg} (baseline) and {@code pjpeg} (progressive). {@code qlt=q} sets the quality;
 * {@code qlt=q,1} turns chroma subsampling off (4:4:4 instead of the encoder's 4:2:0); gray output has no chroma.
 * {@code pscan=3|4|5} writes a baseline file and rewrites it with that many passes ({@link ProgressiveScans});
 * {@code pscan=auto} keeps the encoder's own progression. pscan has no effect on baseline {@code jpeg}.
 */
final class JpegEncoder implements Encoder {
    private static final String FORMAT = "javax_imageio_jpeg_image_1.0";

    @Override
    public Set<OutputFormat> formats() {
        return Set.of(OutputFormat.JPEG, OutputFormat.PJPEG);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        return encode(image, output, ReplyColor.NONE);
    }

    /**
     * CMYK is written as Adobe writes it (an Adobe segment, values inverted: 255 = no ink), which is what decoders
     * expect of a four-channel JPEG with that segment; it has no JFIF header, so no print resolution.
     */
    @Override
    public byte[] encode(BufferedImage image, OutputCommands output, ReplyColor color) {
        byte[] bytes = color.cmyk() != null ? cmyk(color.cmyk(), output) : rgbOrGray(image, output);
        bytes = JpegSegments.withDensity(bytes, color.dpi());
        bytes = color.embedded() == null ? bytes : JpegSegments.withIccProfile(bytes, color.embedded().getData());
        return color.xmp() == null ? bytes : JpegSegments.withXmp(bytes, color.xmp());
    }

    private static byte[] cmyk(WritableRaster cmyk, OutputCommands output) {
        WritableRaster inverted = cmyk.createCompatibleWritableRaster();
        byte[] in = ((DataBufferByte) cmyk.getDataBuffer()).getData();
        byte[] out = ((DataBufferByte) inverted.getDataBuffer()).getData();
        for (int i = 0; i < in.length; i++) {
            out[i] = (byte) (255 - (in[i] & 0xFF));
        }
        ImageWriter writer = Images.writer("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(output.quality() / 100f);
        if (output.format() == OutputFormat.PJPEG) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        byte[] jpeg = Images.writeRaster(writer, inverted, param);
        return latin1(jpeg, 2, 4).equals("\u00FF\u00EE") ? jpeg : JpegSegments.withAdobeCmyk(jpeg);
    }

    private static String latin1(byte[] bytes, int from, int to) {
        return new String(bytes, from, Math.min(to, bytes.length) - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] rgbOrGray(BufferedImage image, OutputCommands output) {
        BufferedImage pixels = output.gray() ? Images.gray(image) : Images.rgb(image);
        ImageWriter writer = Images.writer("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(output.quality() / 100f);
        boolean ownScans = output.format() == OutputFormat.PJPEG && output.progressiveScans() > 0;
        if (output.format() == OutputFormat.PJPEG && !ownScans) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        IIOMetadata metadata = null;
        if (output.noChromaSubsampling() && !output.gray()) {
            metadata = withoutChromaSubsampling(writer, pixels, param);
        }
        byte[] bytes = Images.write(writer, pixels, param, metadata);
        return ownScans ? ProgressiveScans.rewrite(bytes, output.progressiveScans()) : bytes;
    }

    /** Sets every component's sampling factors to 1 in the writer's default metadata (the SOF segment). */
    private static IIOMetadata withoutChromaSubsampling(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        Element tree = (Element) metadata.getAsTree(FORMAT);
        NodeList components = tree.getElementsByTagName("componentSpec");
        for (int i = 0; i < components.getLength(); i++) {
            Element component = (Element) components.item(i);
            component.setAttribute("HsamplingFactor", "1");
            component.setAttribute("VsamplingFactor", "1");
        }
        try {
            metadata.setFromTree(FORMAT, tree);
        } catch (IIOInvalidTreeException e) {
            throw RenderException.serverError("cannot set JPEG chroma sampling: " + e.getMessage(), e);
        }
        return metadata;
    }
}
