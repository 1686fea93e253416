package org.imageserving.common.xmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on hand-built files: each place XMP part 3 names, a compressed PNG iTXt, and damaged files, which give
 * no packet rather than an exception. (Files written by exiftool are read in the Image Server's XmpEmbedTest.)
 */
class XmpPacketTest {
    private static final byte[] PACKET = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void jpegApp1AfterOtherSegments() throws Exception {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 1, 2});
        byte[] exif = "Exif\0\0stuff".getBytes(StandardCharsets.ISO_8859_1);
        segment(jpeg, 0xE1, exif);
        byte[] xmp = concat(XmpPacket.JPEG_HEADER, PACKET);
        segment(jpeg, 0xE1, xmp);
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 2, (byte) 0xFF, (byte) 0xD9});
        assertThat(XmpPacket.read(file("a.jpg", jpeg.toByteArray()))).hasValue(PACKET);
    }

    @Test
    void pngITxtPlainAndCompressed() throws Exception {
        for (boolean compressed : new boolean[] {false, true}) {
            byte[] text = PACKET;
            if (compressed) {
                ByteArrayOutputStream z = new ByteArrayOutputStream();
                try (DeflaterOutputStream out = new DeflaterOutputStream(z, new Deflater())) {
                    out.write(PACKET);
                }
                text = z.toByteArray();
            }
            byte[] head = concat("XML:com.adobe.xmp\0".getBytes(StandardCharsets.ISO_8859_1),
                    new byte[] {(byte) (compressed ? 1 : 0), 0, 0, 0});
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
            chunk(png, "IHDR", new byte[13]);
            chunk(png, "iTXt", concat(head, text));
            chunk(png, "IEND", new byte[0]);
            assertThat(XmpPacket.read(file("a" + compressed + ".png", png.toByteArray()))).hasValue(PACKET);
        }
    }

    @Test
    void tiffTag700InTheFirstDirectory() throws Exception {
        // little-endian header, IFD at 8 with one entry (700, BYTE, n, offset 26), next IFD 0, then the packet
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(26 + PACKET.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'I', 'I', 42, 0}).putInt(8).putShort((short) 1);
        b.putShort((short) 700).putShort((short) 1).putInt(PACKET.length).putInt(26).putInt(0);
        b.put(PACKET);
        assertThat(XmpPacket.read(file("a.tif", b.array()))).hasValue(PACKET);
    }

    @Test
    void damagedOrForeignFilesHaveNoPacket() throws Exception {
        Random random = new Random(7);
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        assertThat(XmpPacket.read(file("noise.bin", noise))).isEmpty();
        // a TIFF whose tag claims 4 GB and a directory beyond the end
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(26).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'I', 'I', 42, 0}).putInt(8).putShort((short) 1);
        b.putShort((short) 700).putShort((short) 1).putInt(-1).putInt(26).putInt(0);
        assertThat(XmpPacket.read(file("huge.tif", b.array()))).isEmpty();
        assertThat(XmpPacket.read(file("far.tif", new byte[] {'M', 'M', 0, 42, 0x7F, 0, 0, 0}))).isEmpty();
        // a JPEG cut inside its XMP segment
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        segment(jpeg, 0xE1, concat(XmpPacket.JPEG_HEADER, PACKET));
        byte[] whole = jpeg.toByteArray();
        assertThat(XmpPacket.read(file("cut.jpg", Arrays.copyOf(whole, whole.length - 10)))).isEmpty();
        assertThat(XmpPacket.read(dir.resolve("missing.jpg"))).isEmpty();
    }

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] data) {
        out.write(0xFF);
        out.write(marker);
        out.write((data.length + 2) >> 8);
        out.write(data.length + 2);
        out.writeBytes(data);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data).putInt(0); // CRC unchecked
        out.writeBytes(b.array());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
