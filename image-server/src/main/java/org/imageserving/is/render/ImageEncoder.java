package org.imageserving.is.render;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.is.request.OutputFormat;

/** Encodes the rendered image in the requested {@code fmt=}, writing no metadata. */
public final class ImageEncoder {
    private ImageEncoder() {}

    public static byte[] encode(BufferedImage image, OutputFormat format, int quality) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriter writer = writer(format);
            try {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                BufferedImage pixels = image;
                if (format == OutputFormat.JPEG) {
                    pixels = withoutAlpha(image);
                    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                    param.setCompressionQuality(quality / 100f);
                }
                writer.write(null, new IIOImage(pixels, null, null), param);
            } finally {
                writer.dispose();
            }
        } catch (IOException e) {
            throw RenderException.serverError("cannot encode " + format.token() + ": " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private static ImageWriter writer(OutputFormat format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.token());
        if (!writers.hasNext()) {
            throw RenderException.serverError("no encoder for " + format.token(), null);
        }
        return writers.next();
    }

    /** JPEG has no alpha: composite on white, the documented default background. */
    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
