package org.imageserving.tools.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.imageserving.tools.ptiff.TiffStructure;

/**
 * The structure of a pyramid TIFF, from its directories alone: every level tiled, each level at most the size of the
 * one before, a supported compression, and every tile inside the file (a cut copy points past its end). The one
 * exception is ic's JPEG pass-through: a full-resolution level that is one JPEG strip, the source JPEG unchanged.
 */
final class PtiffChecks {
    private static final Set<Long> COMPRESSIONS = Set.of(1L, 5L, 7L, 8L, 32946L, 32773L);

    private PtiffChecks() {
    }

    /** A JPEG-compressed level held in one strip, as ic writes a JPEG source's data it copies. */
    private static boolean isJpegStrip(TiffStructure.Directory level) {
        return !level.has(322) && level.first(259, 1) == 7 && level.values(273).length == 1 && level.values(279).length == 1
                && level.first(278, 0) >= level.first(257, 0);
    }

    static TiffStructure check(Path file, long maxPixels) throws InvalidImageException, IOException {
        TiffStructure structure;
        try {
            structure = TiffStructure.read(file);
        } catch (IOException e) {
            throw new InvalidImageException("TIFF structure: " + e.getMessage(), e);
        }
        List<TiffStructure.Directory> levels = structure.directories();
        TiffStructure.Directory previous = null;
        for (int i = 0; i < levels.size(); i++) {
            TiffStructure.Directory level = levels.get(i);
            String where = "level " + i + ": ";
            long width = level.first(256, 0);
            long height = level.first(257, 0);
            if (width <= 0 || height <= 0) {
                throw new InvalidImageException(where + "no image size");
            }
            if (width * height > maxPixels) {
                throw new InvalidImageException(where + width + "x" + height + " pixels is over the limit of " + maxPixels);
            }
            if (i == 0 && isJpegStrip(level)) {
                long[] offsets = level.values(273);
                long[] counts = level.values(279);
                if (counts[0] == 0 || offsets[0] + counts[0] > structure.fileSize()) {
                    throw new InvalidImageException(where + "the JPEG strip (bytes " + offsets[0] + "-" + (offsets[0] + counts[0])
                            + ") lies outside the file of " + structure.fileSize() + " bytes (truncated?)");
                }
                previous = level;
                continue;
            }
            if (!level.has(322) || !level.has(323) || !level.has(324) || !level.has(325)) {
                throw new InvalidImageException(where + "not tiled (a pyramid TIFF has tiles at every level)");
            }
            long tileWidth = level.first(322, 0);
            long tileHeight = level.first(323, 0);
            if (tileWidth <= 0 || tileHeight <= 0 || tileWidth % 16 != 0 || tileHeight % 16 != 0) {
                throw new InvalidImageException(where + "tile size " + tileWidth + "x" + tileHeight + " is not a multiple of 16");
            }
            long compression = level.first(259, 1);
            if (!COMPRESSIONS.contains(compression)) {
                throw new InvalidImageException(where + "unsupported compression " + compression);
            }
            long samplesPerPixel = level.first(277, 1);
            long planes = level.first(284, 1) == 2 ? samplesPerPixel : 1;
            long tiles = ((width + tileWidth - 1) / tileWidth) * ((height + tileHeight - 1) / tileHeight) * planes;
            long[] offsets = level.values(324);
            long[] counts = level.values(325);
            if (offsets.length != tiles || counts.length != tiles) {
                throw new InvalidImageException(where + offsets.length + " tile offsets and " + counts.length
                        + " byte counts for " + tiles + " tiles");
            }
            for (int t = 0; t < tiles; t++) {
                if (counts[t] == 0 || offsets[t] + counts[t] > structure.fileSize()) {
                    throw new InvalidImageException(where + "tile " + t + " (bytes " + offsets[t] + "-" + (offsets[t] + counts[t])
                            + ") lies outside the file of " + structure.fileSize() + " bytes (truncated?)");
                }
            }
            if (previous != null && (width > previous.first(256, 0) || height > previous.first(257, 0))) {
                throw new InvalidImageException(where + width + "x" + height + " is larger than the level before it");
            }
            previous = level;
        }
        return structure;
    }
}
