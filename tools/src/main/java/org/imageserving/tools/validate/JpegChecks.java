package org.imageserving.tools.validate;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The structure of a JPEG file, walked marker by marker up to the first scan: a frame header (SOF) with sane
 * dimensions must come before the scan, and the file must end with the EOI marker (else it was cut short).
 */
final class JpegChecks {
    private JpegChecks() {
    }

    record Frame(int width, int height, int bits, int components, boolean progressive) {
    }

    static Frame check(Path file) throws InvalidImageException, IOException {
        Frame frame = null;
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readUnsignedShort() != 0xFFD8) {
                throw new InvalidImageException("not a JPEG file (no SOI marker)");
            }
            while (true) {
                int prefix = in.readUnsignedByte();
                if (prefix != 0xFF) {
                    throw new InvalidImageException("corrupt marker structure before the image data");
                }
                int marker = in.readUnsignedByte();
                while (marker == 0xFF) {
                    marker = in.readUnsignedByte();
                }
                if (marker == 0xD9) {
                    throw new InvalidImageException("image ends (EOI) before any image data");
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                    continue;
                }
                int length = in.readUnsignedShort();
                if (length < 2) {
                    throw new InvalidImageException("segment 0xFF" + Integer.toHexString(marker).toUpperCase() + " has length " + length);
                }
                if (isFrame(marker)) {
                    int bits = in.readUnsignedByte();
                    int height = in.readUnsignedShort();
                    int width = in.readUnsignedShort();
                    int components = in.readUnsignedByte();
                    in.skipNBytes(length - 8);
                    frame = new Frame(width, height, bits, components, marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE);
                } else if (marker == 0xDA) {
                    break;
                } else {
                    in.skipNBytes(length - 2);
                }
            }
        } catch (EOFException e) {
            throw new InvalidImageException("file ends inside the JPEG header (truncated)");
        }
        if (frame == null) {
            throw new InvalidImageException("no frame header (SOF) before the image data");
        }
        if (frame.width == 0 || frame.height == 0) {
            throw new InvalidImageException("frame header gives " + frame.width + "x" + frame.height + " pixels");
        }
        if (frame.components != 1 && frame.components != 3 && frame.components != 4) {
            throw new InvalidImageException("unsupported number of components: " + frame.components);
        }
        if (!endsWithEoi(file)) {
            throw new InvalidImageException("no end-of-image marker at the end of the file (truncated?)");
        }
        return frame;
    }

    private static boolean isFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** EOI within the last 4 KB: some writers pad after it, a cut file has none. */
    private static boolean endsWithEoi(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int tail = (int) Math.min(length, 4096);
            byte[] bytes = new byte[tail];
            raf.seek(length - tail);
            raf.readFully(bytes);
            for (int i = tail - 2; i >= 0; i--) {
                if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD9) {
                    return true;
                }
            }
            return false;
        }
    }
}
