package org.imageserving.tools.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.imageserving.common.imaging.tiff.PyramidTiff;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffFile;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;

/**
 * The structure of a pyramid TIFF, from its directories alone: every level tiled, a supported compression, every tile
 * inside the file (a cut copy points past its end), and the levels a pyramid as the Image Server recognises one
 * ({@link PyramidTiff}), else it would be served as an ordinary, size-limited TIFF. The one exception to tiling is
 * ic's JPEG pass-through: a full-resolution level that is one JPEG strip, the source JPEG unchanged.
 */
final class PtiffChecks {
    private static final Set<Long> COMPRESSIONS = Set.of(1L, 5L, 7L, 8L, 32946L, 32773L);
    private static final long JPEG = 7;

    private PtiffChecks() {
    }

    /** A JPEG-compressed level held in one strip, as ic writes a JPEG source's data it copies. */
    private static boolean isJpegStrip(TiffDirectory level) {
        return !level.has(TiffTag.TILE_WIDTH) && level.first(TiffTag.COMPRESSION, 1) == JPEG
                && level.values(TiffTag.STRIP_OFFSETS).length == 1 && level.values(TiffTag.STRIP_BYTE_COUNTS).length == 1
                && level.first(TiffTag.ROWS_PER_STRIP, 0) >= level.first(TiffTag.IMAGE_LENGTH, 0);
    }

    static TiffFile check(Path file, long maxPixels) throws InvalidImageException, IOException {
        TiffFile structure;
        try {
            structure = TiffReader.read(file);
        } catch (IOException e) {
            throw new InvalidImageException("TIFF structure: " + e.getMessage(), e);
        }
        List<TiffDirectory> levels = structure.directories();
        for (int i = 0; i < levels.size(); i++) {
            TiffDirectory level = levels.get(i);
            String where = "level " + i + ": ";
            long width = level.first(TiffTag.IMAGE_WIDTH, 0);
            long height = level.first(TiffTag.IMAGE_LENGTH, 0);
            if (width <= 0 || height <= 0) {
                throw new InvalidImageException(where + "no image size");
            }
            if (width * height > maxPixels) {
                throw new InvalidImageException(where + width + "x" + height + " pixels is over the limit of " + maxPixels);
            }
            if (i == 0 && isJpegStrip(level)) {
                checkInside(structure, where + "the JPEG strip", level.values(TiffTag.STRIP_OFFSETS)[0],
                        level.values(TiffTag.STRIP_BYTE_COUNTS)[0]);
                continue;
            }
            checkTiles(structure, level, where);
        }
        if (levels.size() > 1 && PyramidTiff.of(structure).isEmpty()) {
            throw new InvalidImageException("the levels do not each halve the one before: not a pyramid, the Image "
                    + "Server would serve it as an ordinary TIFF");
        }
        return structure;
    }

    private static void checkTiles(TiffFile structure, TiffDirectory level, String where) throws InvalidImageException {
        if (!level.has(TiffTag.TILE_WIDTH) || !level.has(TiffTag.TILE_LENGTH) || !level.has(TiffTag.TILE_OFFSETS)
                || !level.has(TiffTag.TILE_BYTE_COUNTS)) {
            throw new InvalidImageException(where + "not tiled (a pyramid TIFF has tiles at every level)");
        }
        long tileWidth = level.first(TiffTag.TILE_WIDTH, 0);
        long tileHeight = level.first(TiffTag.TILE_LENGTH, 0);
        if (tileWidth <= 0 || tileHeight <= 0 || tileWidth % 16 != 0 || tileHeight % 16 != 0) {
            throw new InvalidImageException(where + "tile size " + tileWidth + "x" + tileHeight + " is not a multiple of 16");
        }
        long compression = level.first(TiffTag.COMPRESSION, 1);
        if (!COMPRESSIONS.contains(compression)) {
            throw new InvalidImageException(where + "unsupported compression " + compression);
        }
        long samplesPerPixel = level.first(TiffTag.SAMPLES_PER_PIXEL, 1);
        long planes = level.first(TiffTag.PLANAR_CONFIGURATION, 1) == 2 ? samplesPerPixel : 1;
        long tiles = ((level.width() + tileWidth - 1) / tileWidth) * ((level.height() + tileHeight - 1) / tileHeight) * planes;
        long[] offsets = level.values(TiffTag.TILE_OFFSETS);
        long[] counts = level.values(TiffTag.TILE_BYTE_COUNTS);
        if (offsets.length != tiles || counts.length != tiles) {
            throw new InvalidImageException(where + offsets.length + " tile offsets and " + counts.length
                    + " byte counts for " + tiles + " tiles");
        }
        for (int t = 0; t < tiles; t++) {
            checkInside(structure, where + "tile " + t, offsets[t], counts[t]);
        }
    }

    private static void checkInside(TiffFile structure, String what, long offset, long count) throws InvalidImageException {
        if (count == 0 || offset + count > structure.fileSize()) {
            throw new InvalidImageException(what + " (bytes " + offset + "-" + (offset + count)
                    + ") lies outside the file of " + structure.fileSize() + " bytes (truncated?)");
        }
    }
}
