package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;

/** Pixel layouts the ImageIO writers expect, and the write itself. */
final class Images {
    private Images() {}

    /** Opaque RGB (the image was flattened already, so alpha is 255 everywhere). */
    static BufferedImage rgb(BufferedImage working) {
        BufferedImage out = new BufferedImage(working.getWidth(), working.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] s = Pixels.data(working);
        int[] d = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < s.length; i++) {
            d[i] = s[i] & 0xFFFFFF;
        }
        return out;
    }

    /** Straight (non-premultiplied) ARGB. */
    static BufferedImage argb(BufferedImage working) {
        BufferedImage out = new BufferedImage(working.getWidth(), working.getHeight(), BufferedImage.TYPE_INT_ARGB);
        int[] s = Pixels.data(working);
        int[] d = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < s.length; i++) {
            int p = s[i];
            int a = p >>> 24;
            if (a == 255 || a == 0) {
                d[i] = a == 0 ? 0 : p;
                continue;
            }
            int r = Math.min(255, (((p >> 16) & 0xFF) * 255 + a / 2) / a);
            int g = Math.min(255, (((p >> 8) & 0xFF) * 255 + a / 2) / a);
            int b = Math.min(255, ((p & 0xFF) * 255 + a / 2) / a);
            d[i] = a << 24 | r << 16 | g << 8 | b;
        }
        return out;
    }

    /** 8-bit gray from Rec. 601 luma of the (flattened) colour. */
    static BufferedImage gray(BufferedImage working) {
        BufferedImage out = new BufferedImage(working.getWidth(), working.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        int[] s = Pixels.data(working);
        byte[] d = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < s.length; i++) {
            d[i] = (byte) luma(s[i]);
        }
        return out;
    }

    /** Straight ARGB whose colour is gray (for gray pixel types of formats that keep alpha or get a palette). */
    static BufferedImage grayArgb(BufferedImage working) {
        BufferedImage out = argb(working);
        int[] d = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < d.length; i++) {
            int y = luma(d[i]);
            d[i] = (d[i] & 0xFF000000) | y << 16 | y << 8 | y;
        }
        return out;
    }

    static int luma(int p) {
        return (int) Math.round(0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF));
    }

    static ImageWriter writer(String formatName) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(formatName);
        if (!writers.hasNext()) {
            throw RenderException.serverError("no encoder for " + formatName, null);
        }
        return writers.next();
    }

    static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param, IIOMetadata metadata) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } catch (IOException | RuntimeException e) {
            throw RenderException.serverError("cannot encode: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Writes bands as they are, with no colour model (four-band CMYK JPEG). */
    static byte[] writeRaster(ImageWriter writer, java.awt.image.Raster raster, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), param);
        } catch (IOException | RuntimeException e) {
            throw RenderException.serverError("cannot encode: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The compression type of a writer whose name matches (writers differ in case and spelling). */
    static String compressionType(ImageWriteParam param, String... names) {
        for (String available : param.getCompressionTypes()) {
            for (String name : names) {
                if (name.equalsIgnoreCase(available)) {
                    return available;
                }
            }
        }
        throw RenderException.serverError("the encoder offers no " + String.join("/", names) + " compression", null);
    }
}
