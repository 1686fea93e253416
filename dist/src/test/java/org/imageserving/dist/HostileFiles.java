package org.imageserving.dist;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Hostile source files, made at test time (none is committed): corrupt, truncated, zero-byte and mislabelled files,
 * a decompression bomb in every format the Image Server reads (headers announcing hundreds of megapixels over a few
 * bytes or kilobytes of data), a GIF with thousands of frames, and hostile SVG. Each method says what is special
 * about the file it writes, as a corpus note would.
 */
final class HostileFiles {
    private HostileFiles() {}

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | 90);
            }
        }
        return encode(image, "png");
    }

    static byte[] solidPng(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return encode(image, "png");
    }

    /** Random pixels: a PNG that does not compress (about 3 bytes a pixel). */
    static byte[] noisyPng(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return encode(image, "png");
    }

    static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 7 % 255) << 16 | (y * 3 % 255) << 8 | 40);
            }
        }
        return encode(image, "jpeg");
    }

    static byte[] gif(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED);
        return encode(image, "gif");
    }

    static byte[] tiff(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        return encode(image, "tiff");
    }

    private static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A PNG declaring 30000 x 30000 one-bit pixels (900 megapixels) whose IDAT really inflates to 112 MB. */
    static byte[] pngBomb() {
        int size = 30_000;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(out)) {
            data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
            ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(size).putInt(size).put((byte) 1).put((byte) 0)
                    .put((byte) 0).put((byte) 0).put((byte) 0);
            chunk(data, "IHDR", ihdr.array());
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (DeflaterOutputStream deflate = new DeflaterOutputStream(compressed, new Deflater(9), 1 << 16)) {
                byte[] row = new byte[1 + size / 8 + 1];
                for (int y = 0; y < size; y++) {
                    deflate.write(row);
                }
            }
            chunk(data, "IDAT", compressed.toByteArray());
            chunk(data, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(body.length);
        out.write(name);
        out.write(body);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        out.writeInt((int) crc.getValue());
    }

    /** A real small JPEG whose SOF marker is patched to announce 65500 x 65500 (4.3 gigapixels). */
    static byte[] jpegBomb() {
        byte[] jpeg = jpeg(16, 16);
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && ((jpeg[i + 1] & 0xFF) == 0xC0 || (jpeg[i + 1] & 0xFF) == 0xC2)) {
                ByteBuffer.wrap(jpeg, i + 5, 4).putShort((short) 65500).putShort((short) 65500);
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF marker");
    }

    /** A GIF whose screen and single frame are 65535 x 65535 (4.3 gigapixels) over a 1-pixel LZW stream. */
    static byte[] gifBomb() {
        ByteBuffer gif = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        gif.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0xFFFF).putShort((short) 0xFFFF)
                .put((byte) 0x80).put((byte) 0).put((byte) 0)
                .put(new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255})
                .put((byte) 0x2C).putShort((short) 0).putShort((short) 0).putShort((short) 0xFFFF)
                .putShort((short) 0xFFFF).put((byte) 0)
                .put(new byte[] {2, 2, 0x44, 1, 0, 0x3B});
        return Arrays.copyOf(gif.array(), gif.position());
    }

    /** An animated GIF of {@code frames} 1 x 1 frames (each a graphic control extension and an image). */
    static byte[] gifFrames(int frames) {
        ByteBuffer gif = ByteBuffer.allocate(32 + frames * 24).order(ByteOrder.LITTLE_ENDIAN);
        gif.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) 8).putShort((short) 8)
                .put((byte) 0x80).put((byte) 0).put((byte) 0)
                .put(new byte[] {(byte) 200, 0, 0, 0, 0, (byte) 200});
        for (int i = 0; i < frames; i++) {
            gif.put(new byte[] {0x21, (byte) 0xF9, 4, 0, 1, 0, 0, 0});
            gif.put((byte) 0x2C).putShort((short) (i % 8)).putShort((short) 0).putShort((short) 1).putShort((short) 1)
                    .put((byte) 0);
            gif.put(new byte[] {2, 2, 0x44, 1, 0});
        }
        gif.put((byte) 0x3B);
        return Arrays.copyOf(gif.array(), gif.position());
    }

    /**
     * A little-endian baseline TIFF declaring 100000 x 100000 8-bit grey pixels (10 gigapixels) in one PackBits strip
     * of a few bytes.
     */
    static byte[] tiffBomb() {
        int size = 100_000;
        ByteBuffer tiff = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        short[][] entries = {
            {256, 4}, {257, 4}, {258, 3}, {259, 3}, {262, 3}, {273, 4}, {277, 3}, {278, 4}, {279, 4}};
        long[] values = {size, size, 8, 32773, 1, 200, 1, size, 16};
        tiff.putShort((short) entries.length);
        for (int i = 0; i < entries.length; i++) {
            tiff.putShort(entries[i][0]).putShort(entries[i][1]).putInt(1);
            if (entries[i][1] == 3) {
                tiff.putShort((short) values[i]).putShort((short) 0);
            } else {
                tiff.putInt((int) values[i]);
            }
        }
        tiff.putInt(0);
        tiff.position(200);
        for (int i = 0; i < 8; i++) {
            tiff.put((byte) -127).put((byte) 0); // PackBits: 128 zeros per two bytes
        }
        return Arrays.copyOf(tiff.array(), tiff.position());
    }

    /** A lossless WebP (VP8L) declaring 16384 x 16384 (268 megapixels) over a handful of bytes. */
    static byte[] webpBomb() {
        ByteBuffer webp = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        int bits = (16383) | (16383 << 14);
        webp.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + 10)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII)).put("VP8L".getBytes(StandardCharsets.US_ASCII))
                .putInt(10).put((byte) 0x2F).putInt(bits).put(new byte[] {0, 0, 0, 0, 0});
        return Arrays.copyOf(webp.array(), webp.position());
    }

    /** A Photoshop file declaring 30000 x 30000 RGB (900 megapixels), raw, with the pixel data missing. */
    static byte[] psdBomb() {
        ByteBuffer psd = ByteBuffer.allocate(64);
        psd.put("8BPS".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).put(new byte[6]).putShort((short) 3)
                .putInt(30_000).putInt(30_000).putShort((short) 8).putShort((short) 3)
                .putInt(0).putInt(0).putInt(0).putShort((short) 0).put(new byte[16]);
        return Arrays.copyOf(psd.array(), psd.position());
    }

    /** A BMP declaring 60000 x 60000 24-bit pixels over a 54-byte header. */
    static byte[] bmpBomb() {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54)
                .putInt(40).putInt(60_000).putInt(60_000).putShort((short) 1).putShort((short) 24).putInt(0)
                .putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return bmp.array();
    }

    static String svgHugeSize() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000000000\" height=\"1000000000\">"
                + "<rect width=\"100%\" height=\"100%\" fill=\"red\"/></svg>";
    }

    /** An external entity naming a file outside every root, and one naming a URL on the tripwire. */
    static String svgExternalEntity(Path secret, int tripwirePort) {
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY secret SYSTEM \"file://" + secret + "\">\n"
                + "<!ENTITY remote SYSTEM \"http://127.0.0.1:" + tripwirePort + "/entity\">\n]>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"><text y=\"20\">&secret;&remote;"
                + "</text></svg>";
    }

    /** Internal entities expanding to a billion strings ("billion laughs"). */
    static String svgBillionLaughs() {
        StringBuilder doc = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY l0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            doc.append("<!ENTITY l").append(i).append(" \"");
            doc.append(("&l" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        return doc.append("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\"><text y=\"20\">&l9;"
                + "</text></svg>").toString();
    }

    /** Patterns nested ten deep, each painting the one below ten times: 10^10 rectangles if drawn naively. */
    static String svgNestedPatterns() {
        StringBuilder doc = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"400\" height=\"400\"><defs>"
                + "<pattern id=\"p0\" width=\"1\" height=\"1\" patternUnits=\"userSpaceOnUse\">"
                + "<rect width=\"1\" height=\"1\" fill=\"blue\"/></pattern>");
        for (int i = 1; i <= 10; i++) {
            doc.append("<pattern id=\"p").append(i).append("\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\">");
            for (int j = 0; j < 10; j++) {
                doc.append("<rect x=\"").append(j).append("\" width=\"1\" height=\"10\" fill=\"url(#p").append(i - 1)
                        .append(")\"/>");
            }
            doc.append("</pattern>");
        }
        return doc.append("</defs><rect width=\"400\" height=\"400\" fill=\"url(#p10)\"/></svg>").toString();
    }

    /** {@code <use>} nested ten deep, each using the one below ten times. */
    static String svgUseBomb() {
        StringBuilder doc = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"100\" height=\"100\"><defs>"
                + "<rect id=\"u0\" width=\"1\" height=\"1\"/>");
        for (int i = 1; i <= 10; i++) {
            doc.append("<g id=\"u").append(i).append("\">");
            for (int j = 0; j < 10; j++) {
                doc.append("<use xlink:href=\"#u").append(i - 1).append("\"/>");
            }
            doc.append("</g>");
        }
        return doc.append("</defs><use xlink:href=\"#u10\"/></svg>").toString();
    }

    /** Script, event handlers and references to the tripwire: nothing may run or reach out. */
    static String svgScript(int tripwirePort) {
        String url = "http://127.0.0.1:" + tripwirePort;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"40\" "
                + "height=\"40\" onload=\"fetch('" + url + "/onload')\">"
                + "<script type=\"text/javascript\">new Image().src='" + url + "/script';</script>"
                + "<script xlink:href=\"" + url + "/script.js\"/>"
                + "<image width=\"10\" height=\"10\" xlink:href=\"" + url + "/image.png\"/>"
                + "<rect width=\"40\" height=\"40\" fill=\"url(" + url + "/paint.svg#p)\"/>"
                + "<style>@import url(" + url + "/style.css);</style></svg>";
    }

    /** A self-referencing {@code <use>}: an endless loop if followed. */
    static String svgUseLoop() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"40\" "
                + "height=\"40\"><g id=\"a\"><use xlink:href=\"#b\"/></g><g id=\"b\"><use xlink:href=\"#a\"/></g>"
                + "<use xlink:href=\"#a\"/></svg>";
    }

    /** Elements nested 100000 deep (a stack overflow for a recursive parser). */
    static String svgDeep() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"40\">" + "<g>".repeat(100_000)
                + "</g>".repeat(100_000) + "</svg>";
    }

    static byte[] random(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

}
