package org.imageserving.ps.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.tiff.PyramidTiff;
import org.imageserving.common.imaging.tiff.TiffTag;

/**
 * The date a pyramid TIFF carries in its header (the DateTime tag of its first directory, as {@code ic} writes it).
 * Cached replies made from a PTIFF are validated by this date rather than the file time (documented): copying a
 * published PTIFF to another server or disk changes its file time but not the image.
 *
 * <p>A file counts as a pyramid exactly when the Image Server serves it as one ({@link PyramidTiff}). Only the
 * directories and the few small tags that decide are read, never pixel data, and the reader is bounded, so a damaged
 * or hostile file yields "no date" (the caller then uses the file time), never an exception or a large read.
 */
final class PyramidHeaderDate {
    /** A date is 20 bytes; nothing this class reads is larger, so a larger value is damage, not data. */
    private static final int MAX_TAG_BYTES = 64;

    private PyramidHeaderDate() {}

    static Optional<String> read(Path file) {
        try {
            if (!SourceFormat.of(file).isTiff()) {
                return Optional.empty();
            }
            return PyramidTiff.read(file, Set.of(TiffTag.DATE_TIME), MAX_TAG_BYTES)
                    .flatMap(pyramid -> pyramid.file().first().text(TiffTag.DATE_TIME));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
