package org.imageserving.tools.ic;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.imageserving.common.imaging.tiff.TiffReader;

/** Source images generated at test time: smooth gradients and soft shapes, so downscales can be compared closely. */
public final class TestImages {
    private TestImages() {
    }

    /** Smooth colour content: gradients plus soft-edged discs. */
    public static BufferedImage rgb(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (double) x / width;
                double v = (double) y / height;
                double disc = Math.max(0, 1 - Math.hypot(u - 0.4, v - 0.5) * 3);
                int r = (int) (255 * (0.2 + 0.6 * u) * (1 - disc) + 250 * disc);
                int g = (int) (200 * v * (1 - disc) + 40 * disc);
                int b = (int) (128 + 100 * Math.sin(u * 7 + v * 3));
                image.setRGB(x, y, (clamp(r) << 16) | (clamp(g) << 8) | clamp(b));
            }
        }
        return image;
    }

    public static BufferedImage gray(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, clamp((int) (128 + 90 * Math.sin(x / 37.0) * Math.cos(y / 23.0))));
            }
        }
        return image;
    }

    /** RGB content with a smooth radial alpha: opaque in the middle, transparent towards the corners. */
    public static BufferedImage rgba(int width, int height) {
        BufferedImage color = rgb(width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d = Math.hypot((double) x / width - 0.5, (double) y / height - 0.5);
                int alpha = clamp((int) (255 * (1.2 - d * 2)));
                image.setRGB(x, y, (alpha << 24) | (color.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return image;
    }

    /** 16 bits per sample RGB, with detail below the top 8 bits. */
    public static BufferedImage rgb16(int width, int height) {
        ColorModel model = new ComponentColorModel(java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
                false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, x * 65535 / (width - 1));
                raster.setSample(x, y, 1, y * 65535 / (height - 1));
                raster.setSample(x, y, 2, (int) (32768 + 30000 * Math.sin((x + y) / 50.0)));
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    /** A 16-colour palette image whose colour 0 is transparent. */
    public static BufferedImage palette(int width, int height) {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (i * 16);
            g[i] = (byte) (255 - i * 12);
            b[i] = (byte) ((i * 53) % 256);
        }
        IndexColorModel model = new IndexColorModel(4, 16, r, g, b, 0);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, model);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, ((x / 100) + (y / 70)) % 16);
            }
        }
        return image;
    }

    /** Random noise: defeats compression, so LZW fills and resets its table many times. */
    public static BufferedImage noise(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24) & (y % 64 < 32 ? 0xFFFFFF : 0xF0F0F0));
            }
        }
        return image;
    }

    /** White background with one solid rectangle. */
    public static BufferedImage rectangleOnWhite(int width, int height, java.awt.Rectangle box) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(30, 90, 200));
        g.fill(box);
        g.dispose();
        return image;
    }

    public static Path png(BufferedImage image, Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + image);
        }
        return file;
    }

    public static byte[] jpegBytes(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        writer.dispose();
        return bytes.toByteArray();
    }

    public static Path jpeg(BufferedImage image, Path file) throws IOException {
        Files.write(file, jpegBytes(image, 0.92f));
        return file;
    }

    public static BufferedImage read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException("no reader for " + file);
        }
        return image;
    }

    /**
     * Reads one level of a TIFF with the JDK's own TIFF reader: an implementation independent of ic's writer (and of
     * the TwelveMonkeys reader, which would also be on the class path).
     */
    public static BufferedImage readTiffLevel(Path file, int index) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("tiff");
            while (readers.hasNext()) {
                ImageReader reader = readers.next();
                if (reader.getClass().getName().equals("com.sun.imageio.plugins.tiff.TIFFImageReader")) {
                    reader.setInput(in);
                    try {
                        return reader.read(index);
                    } finally {
                        reader.dispose();
                    }
                }
            }
        }
        throw new IOException("the JDK TIFF reader is not available");
    }

    public static int levelsIn(Path file) throws IOException {
        return TiffReader.read(file).directories().size();
    }

    static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
