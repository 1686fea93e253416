package org.imageserving.common.xmp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.imageserving.common.imaging.format.SourceFormat;

/**
 * The XMP packet of an image file, as its bytes are stored, found where the XMP specification (part 3) puts it: a JPEG
 * {@code APP1} segment headed {@code http://ns.adobe.com/xap/1.0/\0} (the standard packet; extended XMP is not joined),
 * the TIFF tag 700 of the first directory, a PNG {@code iTXt} chunk with the keyword {@code XML:com.adobe.xmp}. Only the
 * file's structure is walked, never its pixels, so reading costs a few seeks. Both servers read sources with it: the
 * Image Server for {@code xmpEmbed=1}, the Platform Server for {@code req=xmp}.
 */
public final class XmpPacket {
    /** The header of the JPEG {@code APP1} segment that holds the standard XMP packet. */
    public static final byte[] JPEG_HEADER = "http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PNG_KEYWORD = "XML:com.adobe.xmp".getBytes(StandardCharsets.ISO_8859_1);
    private static final int TIFF_XMP = 700;
    /** A packet larger than this is not read: real ones are a few kilobytes, this guards against hostile lengths. */
    private static final int MAX_PACKET = 16 * 1024 * 1024;

    private XmpPacket() {}

    /** The packet; empty when the file has none, is of another format, or cannot be read. */
    public static Optional<byte[]> read(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] head = new byte[8];
            int n = in.read(head);
            return switch (SourceFormat.of(head, Math.max(n, 0))) {
                case JPEG -> jpeg(in);
                case PNG -> png(in);
                case TIFF -> n == head.length ? tiff(in, head) : Optional.empty();
                default -> Optional.empty();
            };
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> jpeg(RandomAccessFile in) throws IOException {
        long at = 2;
        while (at + 4 <= in.length()) {
            in.seek(at);
            int ff = in.read();
            int marker = in.read();
            if (ff != 0xFF) {
                return Optional.empty();
            }
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return Optional.empty(); // start of scan or end: the headers are over
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                at += 2;
                continue;
            }
            int length = in.readUnsignedShort();
            if (length < 2) {
                return Optional.empty();
            }
            if (marker == 0xE1 && length - 2 > JPEG_HEADER.length) {
                byte[] data = new byte[length - 2];
                in.readFully(data);
                if (Arrays.equals(data, 0, JPEG_HEADER.length, JPEG_HEADER, 0, JPEG_HEADER.length)) {
                    return Optional.of(Arrays.copyOfRange(data, JPEG_HEADER.length, data.length));
                }
            }
            at += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<byte[]> png(RandomAccessFile in) throws IOException {
        long at = 8;
        while (at + 12 <= in.length()) {
            in.seek(at);
            long length = in.readInt() & 0xFFFFFFFFL;
            byte[] type = new byte[4];
            in.readFully(type);
            String name = new String(type, StandardCharsets.ISO_8859_1);
            if (name.equals("IEND")) {
                return Optional.empty();
            }
            if (name.equals("iTXt") && length > PNG_KEYWORD.length && length <= MAX_PACKET) {
                byte[] data = new byte[(int) length];
                in.readFully(data);
                if (Arrays.equals(data, 0, PNG_KEYWORD.length, PNG_KEYWORD, 0, PNG_KEYWORD.length)
                        && data[PNG_KEYWORD.length] == 0) {
                    return Optional.ofNullable(itxtText(data, PNG_KEYWORD.length + 1));
                }
            }
            at += 12 + length;
        }
        return Optional.empty();
    }

    /** The text of an iTXt chunk whose keyword ends at {@code at}: flag, method, language\0, translated keyword\0. */
    private static byte[] itxtText(byte[] data, int at) {
        boolean compressed = data[at] == 1;
        int p = at + 2;
        for (int zeros = 0; zeros < 2 && p < data.length; p++) {
            if (data[p] == 0) {
                zeros++;
            }
        }
        byte[] text = Arrays.copyOfRange(data, p, data.length);
        if (!compressed) {
            return text;
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(text);
            ByteArrayOutputStream out = new ByteArrayOutputStream(text.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished() && out.size() <= MAX_PACKET) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                out.write(buffer, 0, n);
            }
            return inflater.finished() ? out.toByteArray() : null;
        } catch (DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private static Optional<byte[]> tiff(RandomAccessFile in, byte[] head) throws IOException {
        ByteOrder order = head[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long ifd = ByteBuffer.wrap(head, 4, 4).order(order).getInt() & 0xFFFFFFFFL;
        if (ifd < 8 || ifd + 2 > in.length()) {
            return Optional.empty();
        }
        in.seek(ifd);
        byte[] countBytes = new byte[2];
        in.readFully(countBytes);
        int count = ByteBuffer.wrap(countBytes).order(order).getShort() & 0xFFFF;
        byte[] entries = new byte[count * 12];
        in.readFully(entries);
        ByteBuffer b = ByteBuffer.wrap(entries).order(order);
        for (int i = 0; i < count; i++) {
            int tag = b.getShort(i * 12) & 0xFFFF;
            int type = b.getShort(i * 12 + 2) & 0xFFFF;
            long n = b.getInt(i * 12 + 4) & 0xFFFFFFFFL;
            // BYTE (1) or UNDEFINED (7), one byte per value
            if (tag != TIFF_XMP || type != 1 && type != 7 || n == 0 || n > MAX_PACKET) {
                continue;
            }
            byte[] packet = new byte[(int) n];
            if (n <= 4) {
                System.arraycopy(entries, i * 12 + 8, packet, 0, (int) n);
            } else {
                long offset = b.getInt(i * 12 + 8) & 0xFFFFFFFFL;
                if (offset + n > in.length()) {
                    return Optional.empty();
                }
                in.seek(offset);
                in.readFully(packet);
            }
            return Optional.of(packet);
        }
        return Optional.empty();
    }
}
