package org.imageserving.tools.ptiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directories of a TIFF file, read without decoding a pixel: what validate checks and what tests assert on.
 * Reads classic TIFF in either byte order; refuses anything that points outside the file or loops.
 */
public final class TiffStructure {
    private static final int MAX_DIRECTORIES = 64;
    private static final int MAX_ENTRIES = 1000;
    private static final long MAX_VALUE_BYTES = 64L << 20;

    private final long fileSize;
    private final List<Directory> directories;

    private TiffStructure(long fileSize, List<Directory> directories) {
        this.fileSize = fileSize;
        this.directories = directories;
    }

    /** One image file directory: tag → its values (numbers widened to long; rationals as numerator, denominator). */
    public record Directory(long offset, Map<Integer, long[]> numbers, Map<Integer, byte[]> raw) {
        public long first(int tag, long fallback) {
            long[] values = numbers.get(tag);
            return values == null || values.length == 0 ? fallback : values[0];
        }

        public long[] values(int tag) {
            return numbers.getOrDefault(tag, new long[0]);
        }

        public boolean has(int tag) {
            return numbers.containsKey(tag);
        }

        public int width() {
            return (int) first(256, 0);
        }

        public int height() {
            return (int) first(257, 0);
        }
    }

    public long fileSize() {
        return fileSize;
    }

    public List<Directory> directories() {
        return directories;
    }

    public static TiffStructure read(Path path) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = file.size();
            ByteBuffer header = read(file, 0, 8, size);
            ByteOrder order;
            if (header.get(0) == 'I' && header.get(1) == 'I') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (header.get(0) == 'M' && header.get(1) == 'M') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw new IOException("not a TIFF file (no II/MM byte-order mark)");
            }
            header.order(order);
            int magic = header.getShort(2) & 0xFFFF;
            if (magic == 43) {
                throw new IOException("BigTIFF is not supported");
            }
            if (magic != 42) {
                throw new IOException("not a TIFF file (magic " + magic + ", expected 42)");
            }
            long next = header.getInt(4) & 0xFFFFFFFFL;
            List<Directory> directories = new ArrayList<>();
            java.util.Set<Long> seen = new java.util.HashSet<>();
            while (next != 0) {
                if (!seen.add(next) || directories.size() >= MAX_DIRECTORIES) {
                    throw new IOException("directory chain loops or is longer than " + MAX_DIRECTORIES);
                }
                ByteBuffer countBuffer = read(file, next, 2, size).order(order);
                int count = countBuffer.getShort(0) & 0xFFFF;
                if (count == 0 || count > MAX_ENTRIES) {
                    throw new IOException("directory at " + next + " has " + count + " entries");
                }
                ByteBuffer entries = read(file, next + 2, count * 12 + 4, size).order(order);
                Map<Integer, long[]> numbers = new LinkedHashMap<>();
                Map<Integer, byte[]> raw = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    int at = i * 12;
                    int tag = entries.getShort(at) & 0xFFFF;
                    int type = entries.getShort(at + 2) & 0xFFFF;
                    long n = entries.getInt(at + 4) & 0xFFFFFFFFL;
                    int unit = switch (type) {
                        case 1, 2, 6, 7 -> 1;
                        case 3, 8 -> 2;
                        case 4, 9, 11 -> 4;
                        case 5, 10, 12 -> 8;
                        default -> 0;
                    };
                    if (unit == 0) {
                        continue; // unknown types are skipped, as the TIFF specification asks of readers
                    }
                    long bytes = n * unit;
                    if (bytes > MAX_VALUE_BYTES) {
                        throw new IOException("tag " + tag + " claims " + bytes + " bytes of values");
                    }
                    ByteBuffer value;
                    if (bytes <= 4) {
                        value = entries.slice(at + 8, 4).order(order);
                    } else {
                        long offset = entries.getInt(at + 8) & 0xFFFFFFFFL;
                        value = read(file, offset, (int) bytes, size).order(order);
                    }
                    byte[] copy = new byte[(int) bytes];
                    value.get(0, copy);
                    raw.put(tag, copy);
                    if (type != 2 && type != 7 && !(type == 1 && n > 64)) { // blobs (ICC, XMP) stay raw only
                        numbers.put(tag, numbers(value, type, (int) n));
                    }
                }
                directories.add(new Directory(next, numbers, raw));
                next = entries.getInt(count * 12) & 0xFFFFFFFFL;
            }
            if (directories.isEmpty()) {
                throw new IOException("the TIFF file has no image directory");
            }
            return new TiffStructure(size, directories);
        }
    }

    private static long[] numbers(ByteBuffer value, int type, int count) {
        long[] out = new long[type == 5 || type == 10 ? count * 2 : count];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (type) {
                case 1, 2, 7 -> value.get(i) & 0xFF;
                case 6 -> value.get(i);
                case 3 -> value.getShort(i * 2) & 0xFFFF;
                case 8 -> value.getShort(i * 2);
                case 4, 5 -> value.getInt(i * 4) & 0xFFFFFFFFL;
                case 9, 10 -> value.getInt(i * 4);
                default -> 0;
            };
        }
        return out;
    }

    private static ByteBuffer read(FileChannel file, long offset, int length, long size) throws IOException {
        if (offset < 0 || offset + length > size) {
            throw new IOException("structure points past the end of the file (offset " + offset + " + " + length
                    + " > " + size + " bytes): truncated?");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        buffer.flip();
        return buffer;
    }
}
