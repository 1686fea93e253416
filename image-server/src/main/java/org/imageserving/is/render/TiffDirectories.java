package org.imageserving.is.render;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the directory chain of a TIFF (classic or BigTIFF, either byte order), keeping only the few numeric tags a
 * pyramid needs: sizes, subfile type and where the pixel data lies. Our own small reader rather than the ImageIO
 * metadata tree: it costs a few reads per level, and it bounds what a hostile file can make it do (directory count,
 * loops, array lengths).
 */
final class TiffDirectories {
    static final int NEW_SUBFILE_TYPE = 254, IMAGE_WIDTH = 256, IMAGE_LENGTH = 257, STRIP_OFFSETS = 273,
            STRIP_BYTE_COUNTS = 279, TILE_OFFSETS = 324, TILE_BYTE_COUNTS = 325;
    private static final Set<Integer> KEPT = Set.of(NEW_SUBFILE_TYPE, IMAGE_WIDTH, IMAGE_LENGTH, STRIP_OFFSETS,
            STRIP_BYTE_COUNTS, TILE_OFFSETS, TILE_BYTE_COUNTS);
    /** Far more levels than any pyramid has (a 2 GP image halves to one pixel in 17 steps). */
    private static final int MAX_DIRECTORIES = 64;
    /** Tiles or strips per directory: 2 gigapixels in 256×256 tiles is about 33 000. */
    private static final long MAX_VALUES = 4_000_000L;

    private TiffDirectories() {}

    /** One image file directory: the kept tags, each as its values. */
    record Directory(Map<Integer, long[]> tags) {
        long first(int tag, long fallback) {
            long[] values = tags.get(tag);
            return values == null || values.length == 0 ? fallback : values[0];
        }

        int width() {
            return (int) Math.min(Integer.MAX_VALUE, first(IMAGE_WIDTH, 0));
        }

        int height() {
            return (int) Math.min(Integer.MAX_VALUE, first(IMAGE_LENGTH, 0));
        }

        /** NewSubfileType bit 0: a reduced-resolution version of another image in the file. */
        boolean reducedResolution() {
            return (first(NEW_SUBFILE_TYPE, 0) & 1) != 0;
        }

        /** The end of the furthest tile or strip, or -1 when offsets and counts do not pair up. */
        long dataEnd() {
            long[] offsets = tags.getOrDefault(TILE_OFFSETS, tags.get(STRIP_OFFSETS));
            long[] counts = tags.getOrDefault(TILE_BYTE_COUNTS, tags.get(STRIP_BYTE_COUNTS));
            if (offsets == null || counts == null || offsets.length != counts.length) {
                return -1;
            }
            long end = 0;
            for (int i = 0; i < offsets.length; i++) {
                end = Math.max(end, offsets[i] + counts[i]);
            }
            return end;
        }
    }

    /** Whether the stream starts like a TIFF ("II*\0", "MM\0*", or the BigTIFF forms); the position is restored. */
    static boolean isTiff(ImageInputStream in) throws IOException {
        in.mark();
        try {
            byte[] head = new byte[4];
            if (in.read(head) != 4) {
                return false;
            }
            boolean little = head[0] == 'I' && head[1] == 'I' && (head[2] == 42 || head[2] == 43) && head[3] == 0;
            boolean big = head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43);
            return little || big;
        } finally {
            in.reset();
        }
    }

    /** Every directory of the chain, in file order. Throws when the chain leaves the file or loops. */
    static List<Directory> read(ImageInputStream in) throws IOException {
        ByteOrder original = in.getByteOrder();
        try {
            in.seek(0);
            int order = in.readUnsignedShort();
            in.setByteOrder(order == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            int version = in.readUnsignedShort();
            boolean big = version == 43;
            if (big) {
                in.readUnsignedShort(); // offset size, always 8
                in.readUnsignedShort();
            }
            long next = big ? in.readLong() : in.readUnsignedInt();
            long length = in.length();
            List<Directory> directories = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            while (next != 0) {
                if (!seen.add(next) || directories.size() >= MAX_DIRECTORIES) {
                    throw new IOException("the TIFF directory chain loops or is too long");
                }
                if (next < 8 || (length >= 0 && next >= length)) {
                    throw new EOFException("a TIFF directory lies beyond the end of the file (truncated)");
                }
                in.seek(next);
                long entries = big ? in.readLong() : in.readUnsignedShort();
                if (entries > 4096) {
                    throw new IOException("a TIFF directory claims " + entries + " entries");
                }
                Map<Integer, long[]> tags = new HashMap<>();
                long entryStart = in.getStreamPosition();
                int entrySize = big ? 20 : 12;
                for (int i = 0; i < entries; i++) {
                    in.seek(entryStart + (long) i * entrySize);
                    int tag = in.readUnsignedShort();
                    int type = in.readUnsignedShort();
                    long count = big ? in.readLong() : in.readUnsignedInt();
                    if (!KEPT.contains(tag)) {
                        continue;
                    }
                    int size = switch (type) {
                        case 1 -> 1;        // BYTE
                        case 3 -> 2;        // SHORT
                        case 4, 13 -> 4;    // LONG, IFD
                        case 16, 18 -> 8;   // LONG8, IFD8
                        default -> 0;
                    };
                    if (size == 0 || count < 0 || count > MAX_VALUES) {
                        throw new IOException("TIFF tag " + tag + " has type " + type + " and " + count + " values");
                    }
                    if (count * size > (big ? 8 : 4)) {
                        in.seek(big ? in.readLong() : in.readUnsignedInt());
                    }
                    long[] values = new long[(int) count];
                    for (int v = 0; v < count; v++) {
                        values[v] = switch (size) {
                            case 1 -> in.readUnsignedByte();
                            case 2 -> in.readUnsignedShort();
                            case 4 -> in.readUnsignedInt();
                            default -> in.readLong();
                        };
                    }
                    tags.put(tag, values);
                }
                in.seek(entryStart + entries * entrySize);
                next = big ? in.readLong() : in.readUnsignedInt();
                directories.add(new Directory(tags));
            }
            return directories;
        } finally {
            in.setByteOrder(original);
        }
    }
}
