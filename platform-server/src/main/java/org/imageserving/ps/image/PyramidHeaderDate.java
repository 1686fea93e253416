package org.imageserving.ps.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The date a pyramid TIFF carries in its header (the DateTime tag, 306, of its first directory, as {@code ic} writes
 * it). Cached replies made from a PTIFF are validated by this date rather than the file time (documented): copying a
 * published PTIFF to another server or disk changes its file time but not the image.
 *
 * <p>A file counts as a pyramid when it is a classic TIFF whose second directory is marked as a reduced-resolution
 * version (NewSubfileType bit 0), which is how {@code ic} writes its levels. Reads at most a few kilobytes: the
 * header, two directory entry tables and the date; every offset is checked against the file size first, so a
 * damaged or hostile file yields "no date" (the caller then uses the file time), never an exception or a large read.
 */
final class PyramidHeaderDate {
    private static final int DATE_TIME = 306;
    private static final int NEW_SUBFILE_TYPE = 254;
    private static final int MAX_ENTRIES = 1000;
    private static final int MAX_DATE_BYTES = 64;

    private PyramidHeaderDate() {}

    static Optional<String> read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = read(channel, 0, 8, size);
            if (header == null) {
                return Optional.empty();
            }
            ByteOrder order;
            if (header.get(0) == 'I' && header.get(1) == 'I') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (header.get(0) == 'M' && header.get(1) == 'M') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                return Optional.empty();
            }
            header.order(order);
            if ((header.getShort(2) & 0xFFFF) != 42) {
                return Optional.empty(); // BigTIFF and non-TIFF files: validated by file time
            }
            Directory first = directory(channel, header.getInt(4) & 0xFFFFFFFFL, size, order);
            if (first == null || first.dateTime == null || first.next == 0) {
                return Optional.empty();
            }
            Directory second = directory(channel, first.next, size, order);
            if (second == null || (second.newSubfileType & 1) == 0) {
                return Optional.empty();
            }
            return Optional.of(first.dateTime);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private record Directory(String dateTime, long newSubfileType, long next) {}

    private static Directory directory(FileChannel channel, long offset, long size, ByteOrder order) throws IOException {
        ByteBuffer countBytes = read(channel, offset, 2, size);
        if (countBytes == null) {
            return null;
        }
        int count = countBytes.order(order).getShort(0) & 0xFFFF;
        if (count == 0 || count > MAX_ENTRIES) {
            return null;
        }
        ByteBuffer entries = read(channel, offset + 2, count * 12 + 4, size);
        if (entries == null) {
            return null;
        }
        entries.order(order);
        String dateTime = null;
        long newSubfileType = 0;
        for (int i = 0; i < count; i++) {
            int at = i * 12;
            int tag = entries.getShort(at) & 0xFFFF;
            int type = entries.getShort(at + 2) & 0xFFFF;
            long n = entries.getInt(at + 4) & 0xFFFFFFFFL;
            if (tag == NEW_SUBFILE_TYPE && n == 1) {
                newSubfileType = type == 3 ? entries.getShort(at + 8) & 0xFFFF : entries.getInt(at + 8) & 0xFFFFFFFFL;
            } else if (tag == DATE_TIME && type == 2 && n > 0 && n <= MAX_DATE_BYTES) {
                ByteBuffer text = n <= 4 ? entries.duplicate().position(at + 8).limit(at + 8 + (int) n).slice()
                        : read(channel, entries.getInt(at + 8) & 0xFFFFFFFFL, (int) n, size);
                if (text != null) {
                    byte[] bytes = new byte[text.remaining()];
                    text.get(bytes);
                    String value = new String(bytes, StandardCharsets.US_ASCII).replace("\0", "").strip();
                    dateTime = value.isEmpty() ? null : value;
                }
            }
        }
        long next = entries.getInt(count * 12) & 0xFFFFFFFFL;
        return new Directory(dateTime, newSubfileType, next == offset ? 0 : next);
    }

    /** {@code length} bytes at {@code offset}, or null when they do not lie inside the file. */
    private static ByteBuffer read(FileChannel channel, long offset, int length, long size) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }
}
