package org.imageserving.common.imaging.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the directory chain of a TIFF or BigTIFF, in either byte order, reading only directories and the values of
 * the tags asked for, never the whole file. Every offset is checked against the file length before it is followed and
 * every count against a limit before anything is allocated, so a damaged or hostile file fails fast with a
 * {@link TiffFormatException}: it cannot loop, hang or exhaust memory.
 */
public final class TiffReader {
    /** Far more than any pyramid has (a 2 GP image halves to one pixel in 17 steps). */
    static final int MAX_DIRECTORIES = 64;
    /** Real files have a few dozen tags; 4096 keeps an entry table under 80 KB. */
    static final int MAX_ENTRIES = 4096;
    /** One tag's values: a large ICC profile or the tile table of a 2 GP image fits easily. */
    static final long MAX_TAG_BYTES = 64L << 20;
    /** All values of one file together, so many tags pointing at the same large block cannot add up. */
    static final long MAX_TOTAL_BYTES = 128L << 20;

    private static final Set<TiffTag> EVERY_TAG = EnumSet.allOf(TiffTag.class);

    private final SeekableByteChannel channel;
    private final long size;
    private final Set<TiffTag> kept;
    private final long maxTagBytes;
    private ByteOrder order;
    private boolean big;
    private long valueBytes;

    private TiffReader(SeekableByteChannel channel, Set<TiffTag> kept, long maxTagBytes) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        this.kept = kept;
        this.maxTagBytes = Math.min(maxTagBytes, MAX_TAG_BYTES);
    }

    /** Every directory with every tag of {@link TiffTag}. */
    public static TiffFile read(Path file) throws IOException {
        return read(file, EVERY_TAG);
    }

    /** Every directory, keeping the values of {@code kept} only (the other entries are skipped unread). */
    public static TiffFile read(Path file, Set<TiffTag> kept) throws IOException {
        return read(file, kept, MAX_TAG_BYTES);
    }

    /**
     * As {@link #read(Path, Set)}, refusing a kept tag whose values take more than {@code maxTagBytes}: for callers
     * that want only small values and read often, so a hostile file costs them little.
     */
    public static TiffFile read(Path file, Set<TiffTag> kept, long maxTagBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, kept, maxTagBytes);
        }
    }

    /** As {@link #read(Path, Set, long)} on an open channel, whose position it changes. */
    public static TiffFile read(SeekableByteChannel channel, Set<TiffTag> kept, long maxTagBytes) throws IOException {
        return new TiffReader(channel, kept, maxTagBytes).read();
    }

    private TiffFile read() throws IOException {
        long next = header();
        List<TiffDirectory> directories = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        while (next != 0) {
            if (!seen.add(next)) {
                throw new TiffFormatException("the TIFF directory chain loops (back to offset " + next + ")");
            }
            if (directories.size() >= MAX_DIRECTORIES) {
                throw new TiffFormatException("the TIFF directory chain is longer than " + MAX_DIRECTORIES);
            }
            next = directory(next, directories);
        }
        if (directories.isEmpty()) {
            throw new TiffFormatException("the TIFF file has no image directory");
        }
        return new TiffFile(order, big, size, directories);
    }

    /** Reads the byte order and version; returns the offset of the first directory. */
    private long header() throws IOException {
        ByteBuffer head = bytes(0, 8, "header");
        if (head.get(0) == 'I' && head.get(1) == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (head.get(0) == 'M' && head.get(1) == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new TiffFormatException("not a TIFF file (no II/MM byte-order mark)");
        }
        head.order(order);
        int version = head.getShort(2) & 0xFFFF;
        if (version == 42) {
            return head.getInt(4) & 0xFFFFFFFFL;
        }
        if (version != 43) {
            throw new TiffFormatException("not a TIFF file (version " + version + ", expected 42 or 43)");
        }
        big = true;
        if (head.getShort(4) != 8 || head.getShort(6) != 0) {
            throw new TiffFormatException("BigTIFF with an offset size other than 8");
        }
        return offset(bytes(8, 8, "header").order(order).getLong(0));
    }

    /** Reads the directory at {@code at} into {@code directories}; returns the offset of the next one. */
    private long directory(long at, List<TiffDirectory> directories) throws IOException {
        int countSize = big ? 8 : 2;
        int entrySize = big ? 20 : 12;
        ByteBuffer countBytes = bytes(at, countSize, "directory").order(order);
        long count = big ? countBytes.getLong(0) : countBytes.getShort(0) & 0xFFFF;
        if (count < 0 || count > MAX_ENTRIES) {
            throw new TiffFormatException("the TIFF directory at offset " + at + " claims " + Long.toUnsignedString(count)
                    + " entries (at most " + MAX_ENTRIES + " are read)");
        }
        int nextSize = big ? 8 : 4;
        ByteBuffer table = bytes(at + countSize, (int) count * entrySize + nextSize, "directory").order(order);
        Map<Integer, TiffEntry> entries = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int start = i * entrySize;
            int code = table.getShort(start) & 0xFFFF;
            if (TiffTag.of(code).filter(kept::contains).isEmpty()) {
                continue;
            }
            TiffEntry entry = entry(table, start, code);
            if (entry != null) {
                entries.put(code, entry);
            }
        }
        directories.add(new TiffDirectory(at, entries));
        int nextAt = (int) count * entrySize;
        return big ? offset(table.getLong(nextAt)) : table.getInt(nextAt) & 0xFFFFFFFFL;
    }

    private TiffEntry entry(ByteBuffer table, int start, int code) throws IOException {
        int type = table.getShort(start + 2) & 0xFFFF;
        long count = big ? table.getLong(start + 4) : table.getInt(start + 4) & 0xFFFFFFFFL;
        int unit = TiffEntry.unitSize(type);
        if (unit == 0) {
            return null; // the TIFF specification asks readers to skip types they do not know
        }
        if (count < 0 || count > maxTagBytes / unit) {
            throw new TiffFormatException("TIFF tag " + code + " claims " + Long.toUnsignedString(count) + " values");
        }
        int length = (int) (count * unit);
        valueBytes += length;
        if (valueBytes > MAX_TOTAL_BYTES) {
            throw new TiffFormatException("the TIFF tags hold more than " + (MAX_TOTAL_BYTES >> 20) + " MB of values");
        }
        int inline = big ? 8 : 4;
        int valueAt = start + (big ? 12 : 8);
        byte[] values;
        if (length <= inline) {
            values = new byte[length];
            table.get(valueAt, values);
        } else {
            long offset = big ? offset(table.getLong(valueAt)) : table.getInt(valueAt) & 0xFFFFFFFFL;
            values = bytes(offset, length, "tag " + code).array(); // bounds checked before the allocation
        }
        return new TiffEntry(type, count, values, order);
    }

    private static long offset(long value) throws TiffFormatException {
        if (value < 0) {
            throw new TiffFormatException("a BigTIFF offset is beyond 2^63");
        }
        return value;
    }

    /** {@code length} bytes at {@code offset}, refused unless they lie wholly inside the file. */
    private ByteBuffer bytes(long offset, int length, String what) throws IOException {
        if (offset < 0 || offset > size - length) {
            throw new TiffFormatException("structure points past the end of the file (" + what + " at offset " + offset
                    + " + " + length + " > " + size + " bytes): truncated?");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(offset);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new TiffFormatException("the TIFF file ended while reading its " + what + " (truncated?)");
            }
        }
        return buffer.flip();
    }
}
