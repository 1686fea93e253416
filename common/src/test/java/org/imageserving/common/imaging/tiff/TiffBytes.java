package org.imageserving.common.imaging.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Writes small TIFF or BigTIFF files tag by tag, so tests can build exactly the structure, or damage, they need. */
final class TiffBytes {
    private record Entry(int tag, int type, long count, byte[] value) {}

    private final ByteOrder order;
    private final boolean big;
    private final List<List<Entry>> directories = new ArrayList<>();
    private final List<Integer> directoryOffsets = new ArrayList<>();

    TiffBytes(ByteOrder order, boolean big) {
        this.order = order;
        this.big = big;
    }

    static TiffBytes classic() {
        return new TiffBytes(ByteOrder.LITTLE_ENDIAN, false);
    }

    static TiffBytes bigTiff() {
        return new TiffBytes(ByteOrder.LITTLE_ENDIAN, true);
    }

    /** Starts a new directory; the following tags go into it. */
    TiffBytes directory() {
        directories.add(new ArrayList<>());
        return this;
    }

    /** A directory with a size and NewSubfileType, as a pyramid level. */
    TiffBytes image(int width, int height, int subfileType) {
        return directory().longs(TiffTag.NEW_SUBFILE_TYPE, subfileType).longs(TiffTag.IMAGE_WIDTH, width)
                .longs(TiffTag.IMAGE_LENGTH, height);
    }

    TiffBytes longs(TiffTag tag, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(order);
        for (long v : values) {
            b.putInt((int) v);
        }
        return raw(tag.code(), TiffEntry.LONG, values.length, b.array());
    }

    TiffBytes shorts(TiffTag tag, int... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(order);
        for (int v : values) {
            b.putShort((short) v);
        }
        return raw(tag.code(), TiffEntry.SHORT, values.length, b.array());
    }

    TiffBytes long8s(TiffTag tag, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
        for (long v : values) {
            b.putLong(v);
        }
        return raw(tag.code(), TiffEntry.LONG8, values.length, b.array());
    }

    TiffBytes ascii(TiffTag tag, String text) {
        byte[] bytes = (text + "\0").getBytes(StandardCharsets.US_ASCII);
        return raw(tag.code(), TiffEntry.ASCII, bytes.length, bytes);
    }

    TiffBytes undefined(TiffTag tag, byte[] bytes) {
        return raw(tag.code(), TiffEntry.UNDEFINED, bytes.length, bytes);
    }

    /** An entry as given: {@code count} may disagree with {@code value}, to write a lying entry. */
    TiffBytes raw(int tag, int type, long count, byte[] value) {
        directories.get(directories.size() - 1).add(new Entry(tag, type, count, value));
        return this;
    }

    byte[] bytes() {
        int inline = big ? 8 : 4;
        ByteBuffer b = ByteBuffer.allocate(1 << 20).order(order);
        byte mark = (byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M');
        b.put(mark).put(mark);
        b.putShort((short) (big ? 43 : 42));
        if (big) {
            b.putShort((short) 8).putShort((short) 0);
        }
        int firstPointer = b.position();
        offset(b, 0);
        int previousNext = firstPointer;
        directoryOffsets.clear();
        for (List<Entry> entries : directories) {
            int at = b.position();
            directoryOffsets.add(at);
            patch(b, previousNext, at);
            int tableSize = (big ? 8 : 2) + entries.size() * (big ? 20 : 12) + (big ? 8 : 4);
            int values = at + tableSize;
            if (big) {
                b.putLong(entries.size());
            } else {
                b.putShort((short) entries.size());
            }
            ByteBuffer outside = ByteBuffer.allocate(1 << 19).order(order);
            for (Entry e : entries) {
                b.putShort((short) e.tag()).putShort((short) e.type());
                if (big) {
                    b.putLong(e.count());
                } else {
                    b.putInt((int) e.count());
                }
                if (e.value().length <= inline) {
                    b.put(Arrays.copyOf(e.value(), inline));
                } else {
                    offset(b, values + outside.position());
                    outside.put(e.value());
                }
            }
            previousNext = b.position();
            offset(b, 0);
            b.put(outside.flip());
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** Where directory {@code index} starts in the last {@link #bytes()}. */
    int directoryOffset(int index) {
        return directoryOffsets.get(index);
    }

    /** Sets the next-directory pointer of directory {@code index} in {@code bytes} to {@code target}. */
    byte[] withNext(byte[] bytes, int index, long target) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        int at = directoryOffsets.get(index);
        int count = big ? (int) b.getLong(at) : b.getShort(at) & 0xFFFF;
        int next = at + (big ? 8 : 2) + count * (big ? 20 : 12);
        patch(b, next, target);
        return bytes;
    }

    private void offset(ByteBuffer b, long value) {
        if (big) {
            b.putLong(value);
        } else {
            b.putInt((int) value);
        }
    }

    private void patch(ByteBuffer b, int at, long value) {
        if (big) {
            b.putLong(at, value);
        } else {
            b.putInt(at, (int) value);
        }
    }
}
