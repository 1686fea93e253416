package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.util.Set;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;

/** {@code png} (24-bit RGB or 8-bit gray), {@code png-alpha} (RGBA), {@code png8}/{@code png8-alpha} (palette). */
final class PngEncoder implements Encoder {
    private static final String FORMAT = "javax_imageio_png_1.0";

    @Override
    public Set<OutputFormat> formats() {
        return Set.of(OutputFormat.PNG, OutputFormat.PNG_ALPHA, OutputFormat.PNG8, OutputFormat.PNG8_ALPHA);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        return encode(image, output, ReplyColor.NONE);
    }

    /** The profile goes into an {@code iCCP} chunk, the print resolution into {@code pHYs} (in dots per metre). */
    @Override
    public byte[] encode(BufferedImage image, OutputCommands output, ReplyColor color) {
        if (color.cmyk() != null) {
            throw org.imageserving.is.render.RenderException.badRequest("png has no cmyk pixel type");
        }
        OutputFormat format = output.format();
        BufferedImage pixels;
        if (format.isPalette()) {
            pixels = Quantizer.quantize(Images.argb(image), output.quantize(), format.hasAlpha());
        } else if (format.hasAlpha()) {
            pixels = output.gray() ? Images.grayArgb(image) : Images.argb(image);
        } else {
            pixels = output.gray() ? Images.gray(image) : Images.rgb(image);
        }
        ImageWriter writer = Images.writer("png");
        IIOMetadata metadata = null;
        if (color.embedded() != null || color.dpi() > 0) {
            metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(pixels), null);
            IIOMetadataNode root = new IIOMetadataNode(FORMAT);
            if (color.embedded() != null) {
                IIOMetadataNode iccp = new IIOMetadataNode("iCCP");
                iccp.setAttribute("profileName", "ICC profile");
                iccp.setAttribute("compressionMethod", "deflate");
                iccp.setUserObject(deflate(color.embedded().getData())); // the writer copies it as it is

                root.appendChild(iccp);
            }
            if (color.dpi() > 0) {
                IIOMetadataNode phys = new IIOMetadataNode("pHYs");
                String perMetre = Long.toString(Math.round(color.dpi() / 0.0254));
                phys.setAttribute("pixelsPerUnitXAxis", perMetre);
                phys.setAttribute("pixelsPerUnitYAxis", perMetre);
                phys.setAttribute("unitSpecifier", "meter");
                root.appendChild(phys);
            }
            try {
                metadata.mergeTree(FORMAT, root);
            } catch (IIOInvalidTreeException e) {
                throw org.imageserving.is.render.RenderException.serverError("cannot write PNG metadata: "
                        + e.getMessage(), e);
            }
        }
        return Images.write(writer, pixels, null, metadata);
    }

    private static byte[] deflate(byte[] data) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(data.length / 2 + 64);
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
