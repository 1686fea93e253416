package org.imageserving.is.render;

import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.w3c.dom.NodeList;

/**
 * The source corpus, generated at test time: each entry is one source variant with a note of what is special about
 * it, and the colour it must show at the centre of its top-left quadrant once rendered (sRGB).
 */
public final class SourceCorpus {
    /** One source file: where it is, what is special, and what a render must show. */
    record Entry(String file, String note, int width, int height, int expectedTopLeft, int tolerance) {}

    static final int RED = Patterns.RED & 0xFFFFFF;

    private SourceCorpus() {}

    static List<Entry> write(Path folder) {
        BufferedImage quad = Patterns.quadrants(64, 32);
        jpeg(quad, folder.resolve("baseline.jpg"), false);
        jpeg(quad, folder.resolve("progressive.jpg"), true);
        jpeg(gray(64, 32, 0x80), folder.resolve("gray8.jpg"), false);
        cmykJpeg(folder.resolve("cmyk-adobe.jpg"), false);
        cmykJpeg(folder.resolve("ycck-adobe.jpg"), true);
        iccJpeg(folder.resolve("icc-linear-rgb.jpg"));
        exifOrientation(quad, folder.resolve("exif-orientation-6.jpg"));
        Patterns.write(quad, "png", folder.resolve("rgb8.png"));
        iccPng(folder.resolve("icc-linear-rgb.png"));
        Patterns.write(gray16(64, 32, 0x8080), "png", folder.resolve("gray16.png"));
        Patterns.write(bilevel(64, 32), "png", folder.resolve("bilevel.png"));
        Patterns.write(grayAlpha(64, 32, 0x80, 8), "png", folder.resolve("gray-alpha8.png"));
        Patterns.write(grayAlpha(64, 32, 0x8080, 16), "png", folder.resolve("gray-alpha16.png"));
        Patterns.write(rgba16(64, 32), "png", folder.resolve("rgba16.png"));
        Patterns.write(rgb16(64, 32), "png", folder.resolve("rgb16.png"));
        Patterns.write(paletteWithTransparency(64, 32), "png", folder.resolve("palette-trns.png"));
        animatedGif(folder.resolve("animated.gif"));
        Patterns.write(quad, "bmp", folder.resolve("rgb24.bmp"));
        tiff(quad, folder.resolve("strips-lzw.tif"), "LZW", false);
        tiff(quad, folder.resolve("tiles-deflate.tif"), "Deflate", true);
        tiff(quad, folder.resolve("jpeg.tif"), "JPEG", false);
        tiff(withAlpha(quad), folder.resolve("alpha.tif"), "LZW", false);
        webp(quad, folder.resolve("lossy.webp"), "Lossy");
        webp(withAlpha(quad), folder.resolve("lossless-alpha.webp"), "Lossless");
        return List.of(
                new Entry("baseline.jpg", "baseline JPEG, 4:2:0 chroma", 64, 32, RED, 24),
                new Entry("progressive.jpg", "progressive JPEG", 64, 32, RED, 24),
                new Entry("gray8.jpg", "8-bit grayscale JPEG, one component", 64, 32, 0x808080, 3),
                new Entry("cmyk-adobe.jpg", "CMYK JPEG with an Adobe APP14 marker (inverted, no profile): cyan / white",
                        32, 16, 0x00FFFF, 24),
                new Entry("ycck-adobe.jpg", "YCCK JPEG (Adobe transform 2): cyan / white", 32, 16, 0x00FFFF, 24),
                new Entry("icc-linear-rgb.jpg", "embedded linear-RGB ICC profile: stored 128 is sRGB 188", 16, 16,
                        0xBCBCBC, 6),
                new Entry("exif-orientation-6.jpg", "EXIF Orientation=6 (rotate 90° to view): rendered as stored", 64,
                        32, RED, 24),
                new Entry("rgb8.png", "8-bit RGB PNG", 64, 32, RED, 0),
                new Entry("icc-linear-rgb.png", "PNG with a linear-RGB iCCP chunk: stored 128 is sRGB 188", 16, 16,
                        0xBCBCBC, 3),
                new Entry("gray16.png", "16-bit grayscale PNG, value 0x8080", 64, 32, 0x808080, 1),
                new Entry("rgb16.png", "16-bit-per-channel RGB PNG", 64, 32, RED, 1),
                new Entry("bilevel.png", "1-bit PNG: black left, white right", 64, 32, 0x000000, 0),
                new Entry("gray-alpha8.png", "8-bit gray + alpha PNG, gray 0x80 (gamma-encoded, not linear)", 64, 32,
                        0x808080, 1),
                new Entry("gray-alpha16.png", "16-bit gray + alpha PNG, gray 0x8080", 64, 32, 0x808080, 1),
                new Entry("rgba16.png", "16-bit RGBA PNG", 64, 32, RED, 1),
                new Entry("palette-trns.png", "palette PNG with a transparent entry (tRNS): right half transparent",
                        64, 32, RED, 0),
                new Entry("animated.gif", "animated GIF, red first frame then blue: the first frame is used", 32,
                        16, RED, 0),
                new Entry("rgb24.bmp", "24-bit BMP", 64, 32, RED, 0),
                new Entry("strips-lzw.tif", "TIFF in strips, LZW", 64, 32, RED, 0),
                new Entry("tiles-deflate.tif", "TIFF in 16x16 tiles, Deflate", 64, 32, RED, 0),
                new Entry("jpeg.tif", "TIFF with JPEG compression", 64, 32, RED, 24),
                new Entry("alpha.tif", "TIFF with an alpha channel (bottom half 50 % transparent)", 64, 32, RED, 0),
                new Entry("lossy.webp", "lossy WebP (VP8)", 64, 32, RED, 24),
                new Entry("lossless-alpha.webp", "lossless WebP with alpha (VP8L)", 64, 32, RED, 0));
    }

    static BufferedImage gray(int w, int h, int value) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        fill(image.getRaster(), value);
        return image;
    }

    static BufferedImage gray16(int w, int h, int value) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        fill(image.getRaster(), value);
        return image;
    }

    static BufferedImage bilevel(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < h; y++) {
            for (int x = w / 2; x < w; x++) {
                image.getRaster().setSample(x, y, 0, 1);
            }
        }
        return image;
    }

    /** Gray plus alpha (two bands, 8 or 16 bits): the top half opaque, the bottom half transparent. */
    static BufferedImage grayAlpha(int w, int h, int gray, int bits) {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        int opaque = bits == 16 ? 0xFFFF : 0xFF;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[] {gray, y < h / 2 ? opaque : 0});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    static BufferedImage rgba16(int w, int h) {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        BufferedImage quad = Patterns.quadrants(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = quad.getRGB(x, y);
                raster.setPixel(x, y, new int[] {((p >> 16) & 0xFF) * 257, ((p >> 8) & 0xFF) * 257, (p & 0xFF) * 257,
                        0xFFFF});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** 16-bit sRGB with the quadrant colours scaled to 16 bits. */
    static BufferedImage rgb16(int w, int h) {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        BufferedImage quad = Patterns.quadrants(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = quad.getRGB(x, y);
                raster.setPixel(x, y, new int[] {((p >> 16) & 0xFF) * 257, ((p >> 8) & 0xFF) * 257, (p & 0xFF) * 257});
            }
        }
        return new BufferedImage(cm, raster, false, null);
    }

    /** Left half red (index 1), right half the transparent index 0. */
    static BufferedImage paletteWithTransparency(int w, int h) {
        IndexColorModel cm = new IndexColorModel(8, 2, new byte[] {0, (byte) 255}, new byte[] {0, 0},
                new byte[] {0, 0}, 0);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.getRaster().setSample(x, y, 0, x < w / 2 ? 1 : 0);
            }
        }
        return image;
    }

    static BufferedImage withAlpha(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int alpha = y < image.getHeight() / 2 ? 0xFF : 0x80;
                out.setRGB(x, y, alpha << 24 | (image.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return out;
    }

    static void jpeg(BufferedImage image, Path file, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.95f);
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        write(writer, new IIOImage(image, null, null), param, file);
    }

    /**
     * A 4-component Adobe JPEG: left half 100 % cyan, right half white. Plain CMYK is stored inverted (as Photoshop
     * does); YCCK stores C, M, Y through the YCbCr transform and K inverted.
     */
    static void cmykJpeg(Path file, boolean ycck) {
        WritableRaster ink = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                ink.setSample(x, y, 0, x < 16 ? 255 : 0);
            }
        }
        cmykJpeg(ink, file, ycck);
    }

    /**
     * An Adobe JPEG of {@code ink} (C, M, Y, K, 255 = full ink), stored as Photoshop does: plain CMYK inverted; YCCK
     * with the ink of C, M, Y through the YCbCr transform (libjpeg's decoder gives back 255 - R, the inverted value)
     * and K inverted. Quality 75, every component at full resolution.
     */
    public static void cmykJpeg(Raster ink, Path file, boolean ycck) {
        int w = ink.getWidth(), h = ink.getHeight();
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (ycck) {
                    double red = ink.getSample(x, y, 0), green = ink.getSample(x, y, 1), blue = ink.getSample(x, y, 2);
                    r.setSample(x, y, 0, clamp(0.299 * red + 0.587 * green + 0.114 * blue));
                    r.setSample(x, y, 1, clamp(-0.168736 * red - 0.331264 * green + 0.5 * blue + 128));
                    r.setSample(x, y, 2, clamp(0.5 * red - 0.418688 * green - 0.081312 * blue + 128));
                } else {
                    for (int b = 0; b < 3; b++) {
                        r.setSample(x, y, b, 255 - ink.getSample(x, y, b));
                    }
                }
                r.setSample(x, y, 3, 255 - ink.getSample(x, y, 3));
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromBufferedImageType(BufferedImage.TYPE_INT_RGB), param);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode tree = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode variety = (IIOMetadataNode) tree.getElementsByTagName("JPEGvariety").item(0);
        while (variety.hasChildNodes()) {
            variety.removeChild(variety.getFirstChild());
        }
        IIOMetadataNode adobe = new IIOMetadataNode("app14Adobe");
        adobe.setAttribute("transform", ycck ? "2" : "0");
        adobe.setAttribute("version", "101");
        adobe.setAttribute("flags0", "0");
        adobe.setAttribute("flags1", "0");
        tree.getElementsByTagName("markerSequence").item(0).appendChild(adobe);
        IIOMetadataNode sof = (IIOMetadataNode) tree.getElementsByTagName("sof").item(0);
        sof.setAttribute("numFrameComponents", "4");
        NodeList components = sof.getElementsByTagName("componentSpec");
        for (int i = 0; i < components.getLength(); i++) {
            ((IIOMetadataNode) components.item(i)).setAttribute("HsamplingFactor", "1");
            ((IIOMetadataNode) components.item(i)).setAttribute("VsamplingFactor", "1");
        }
        IIOMetadataNode fourth = (IIOMetadataNode) components.item(0).cloneNode(false);
        fourth.setAttribute("componentId", "4"); // a shallow clone has no attributes: set them all
        fourth.setAttribute("HsamplingFactor", "1");
        fourth.setAttribute("VsamplingFactor", "1");
        fourth.setAttribute("QtableSelector", "0");
        sof.appendChild(fourth);
        IIOMetadataNode sos = (IIOMetadataNode) tree.getElementsByTagName("sos").item(0);
        sos.setAttribute("numScanComponents", "4");
        IIOMetadataNode scan = (IIOMetadataNode) sos.getElementsByTagName("scanComponentSpec").item(0).cloneNode(false);
        scan.setAttribute("componentSelector", "4");
        scan.setAttribute("dcHuffTable", "0");
        scan.setAttribute("acHuffTable", "0");
        sos.appendChild(scan);
        try {
            metadata.setFromTree(format, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(writer, new IIOImage(r, null, metadata), param, file);
    }

    /** Flat 128 gray tagged with the linear-RGB profile in an APP2 ICC_PROFILE segment. */
    static void iccJpeg(Path file) {
        BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                rgb.setRGB(x, y, 0x808080);
            }
        }
        byte[] jpeg = bytes(rgb, true);
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2});
        int length = 2 + 12 + 2 + profile.length;
        segment.write(length >> 8);
        segment.write(length);
        segment.writeBytes("ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        segment.write(1);
        segment.write(1);
        segment.writeBytes(profile);
        insertAfterSoi(jpeg, segment.toByteArray(), file);
    }

    /** Flat 128 gray in a PNG whose iCCP chunk holds the (deflated) linear-RGB profile. */
    static void iccPng(Path file) {
        BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                rgb.setRGB(x, y, 0x808080);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(rgb), param);
        String format = "javax_imageio_png_1.0";
        IIOMetadataNode tree = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode iccp = new IIOMetadataNode("iCCP");
        iccp.setAttribute("profileName", "linear");
        iccp.setAttribute("compressionMethod", "deflate");
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData());
        deflater.finish();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            deflated.write(buffer, 0, deflater.deflate(buffer));
        }
        iccp.setUserObject(deflated.toByteArray());
        tree.appendChild(iccp);
        try {
            metadata.mergeTree(format, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(writer, new IIOImage(rgb, null, metadata), param, file);
    }

    /** An APP1 Exif segment whose IFD0 holds only Orientation = 6. */
    static void exifOrientation(BufferedImage image, Path file) {
        byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0};
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        segment.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1});
        int length = 2 + 6 + tiff.length;
        segment.write(length >> 8);
        segment.write(length);
        segment.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        segment.writeBytes(tiff);
        insertAfterSoi(bytes(image, false), segment.toByteArray(), file);
    }

    static void animatedGif(Path file) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int color : new int[] {Patterns.RED, Patterns.BLUE}) {
                BufferedImage frame = new BufferedImage(32, 16, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.setColor(new java.awt.Color(color));
                g.fillRect(0, 0, 32, 16);
                g.dispose();
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    static void tiff(BufferedImage image, Path file, String compression, boolean tiled) {
        ImageWriter writer = null;
        for (var writers = ImageIO.getImageWritersByFormatName("tiff"); writers.hasNext(); ) {
            ImageWriter candidate = writers.next();
            if (writer == null || (tiled && candidate.getDefaultWriteParam().canWriteTiles())) {
                writer = candidate; // only some TIFF writers can tile
            }
        }
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        for (String type : param.getCompressionTypes()) {
            if (compression.equalsIgnoreCase(type)) {
                param.setCompressionType(type);
            }
        }
        if (tiled) {
            param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
            param.setTiling(16, 16, 0, 0);
        }
        write(writer, new IIOImage(image, null, null), param, file);
    }

    static void webp(BufferedImage image, Path file, String compression) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("webp").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(compression);
        if (compression.equals("Lossy")) {
            param.setCompressionQuality(0.95f);
        }
        write(writer, new IIOImage(image, null, null), param, file);
    }

    private static byte[] bytes(BufferedImage image, boolean highQuality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(highQuality ? 1f : 0.95f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void insertAfterSoi(byte[] jpeg, byte[] segment, Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(segment);
        out.write(jpeg, 2, jpeg.length - 2);
        try {
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(ImageWriter writer, IIOImage image, ImageWriteParam param, Path file) {
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    private static void fill(WritableRaster raster, int value) {
        for (int y = 0; y < raster.getHeight(); y++) {
            for (int x = 0; x < raster.getWidth(); x++) {
                raster.setSample(x, y, 0, value);
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
