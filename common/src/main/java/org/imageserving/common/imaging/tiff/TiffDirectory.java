package org.imageserving.common.imaging.tiff;

import java.util.Map;
import java.util.Optional;

/** One image file directory (IFD): the tags a reader kept, each with its values. */
public final class TiffDirectory {
    private final long offset;
    private final Map<Integer, TiffEntry> entries;

    TiffDirectory(long offset, Map<Integer, TiffEntry> entries) {
        this.offset = offset;
        this.entries = Map.copyOf(entries);
    }

    /** Where the directory starts in the file. */
    public long offset() {
        return offset;
    }

    public boolean has(TiffTag tag) {
        return entries.containsKey(tag.code());
    }

    /** The tag's numeric values (a rational as numerator, denominator), or none when absent or not numeric. */
    public long[] values(TiffTag tag) {
        TiffEntry entry = entries.get(tag.code());
        return entry == null ? new long[0] : entry.numbers();
    }

    public long first(TiffTag tag, long fallback) {
        long[] values = values(tag);
        return values.length == 0 ? fallback : values[0];
    }

    /** The tag's values as stored in the file: the whole of a blob such as an ICC profile, XMP packet or Photoshop block. */
    public Optional<byte[]> bytes(TiffTag tag) {
        TiffEntry entry = entries.get(tag.code());
        return entry == null ? Optional.empty() : Optional.of(entry.bytes().clone());
    }

    /** An ASCII tag (DateTime, Software), or empty when absent or blank. */
    public Optional<String> text(TiffTag tag) {
        TiffEntry entry = entries.get(tag.code());
        if (entry == null || entry.type() != TiffEntry.ASCII) {
            return Optional.empty();
        }
        String text = entry.text();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    public int width() {
        return (int) Math.min(Integer.MAX_VALUE, first(TiffTag.IMAGE_WIDTH, 0));
    }

    public int height() {
        return (int) Math.min(Integer.MAX_VALUE, first(TiffTag.IMAGE_LENGTH, 0));
    }

    /** NewSubfileType bit 0: a reduced-resolution version of another image in the file (a pyramid level). */
    public boolean reducedResolution() {
        return (first(TiffTag.NEW_SUBFILE_TYPE, 0) & 1) != 0;
    }

    public boolean tiled() {
        return has(TiffTag.TILE_OFFSETS);
    }

    /** The end of the furthest tile or strip, or -1 when there is no data table or offsets and counts do not pair up. */
    public long dataEnd() {
        long[] offsets = values(tiled() ? TiffTag.TILE_OFFSETS : TiffTag.STRIP_OFFSETS);
        long[] counts = values(tiled() ? TiffTag.TILE_BYTE_COUNTS : TiffTag.STRIP_BYTE_COUNTS);
        if (offsets.length == 0 || offsets.length != counts.length) {
            return -1;
        }
        long end = 0;
        for (int i = 0; i < offsets.length; i++) {
            end = Math.max(end, offsets[i] + counts[i]);
        }
        return end;
    }
}
