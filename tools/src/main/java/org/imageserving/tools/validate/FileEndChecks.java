package org.imageserving.tools.validate;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffFile;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;

/**
 * Cheap checks that a file is complete, without decoding it: a cut copy is the commonest damage after a transfer.
 * PNG must end with its IEND chunk, GIF with its trailer byte, and a TIFF's strips or tiles must lie inside the file.
 * (JPEG's end-of-image marker is checked with its markers; PTIFFs with their pyramid structure.)
 */
final class FileEndChecks {
    private static final Set<TiffTag> DATA_TAGS = EnumSet.of(TiffTag.TILE_OFFSETS, TiffTag.TILE_BYTE_COUNTS,
            TiffTag.STRIP_OFFSETS, TiffTag.STRIP_BYTE_COUNTS);
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};

    private FileEndChecks() {
    }

    static void check(Path file, SourceFormat format) throws InvalidImageException, IOException {
        switch (format) {
            case PNG -> {
                if (!endsWith(file, PNG_END)) {
                    throw new InvalidImageException("no IEND chunk at the end of the file (truncated?)");
                }
            }
            case GIF -> {
                if (!endsWith(file, new byte[] {0x3B})) {
                    throw new InvalidImageException("no GIF trailer at the end of the file (truncated?)");
                }
            }
            case TIFF, BIGTIFF -> tiffData(file);
            default -> {
                // other formats: their readers' header checks and -readPixels
            }
        }
    }

    private static void tiffData(Path file) throws InvalidImageException {
        TiffFile structure;
        try {
            structure = TiffReader.read(file, DATA_TAGS);
        } catch (IOException e) {
            throw new InvalidImageException("TIFF structure: " + e.getMessage(), e);
        }
        List<TiffDirectory> directories = structure.directories();
        for (int i = 0; i < directories.size(); i++) {
            TiffDirectory directory = directories.get(i);
            boolean tiled = directory.tiled();
            long[] offsets = directory.values(tiled ? TiffTag.TILE_OFFSETS : TiffTag.STRIP_OFFSETS);
            long[] counts = directory.values(tiled ? TiffTag.TILE_BYTE_COUNTS : TiffTag.STRIP_BYTE_COUNTS);
            if (offsets.length == 0 || offsets.length != counts.length) {
                throw new InvalidImageException("image " + i + ": " + offsets.length + " data offsets and " + counts.length + " byte counts");
            }
            for (int k = 0; k < offsets.length; k++) {
                if (offsets[k] + counts[k] > structure.fileSize()) {
                    throw new InvalidImageException("image " + i + ": " + (tiled ? "tile " : "strip ") + k
                            + " lies outside the file of " + structure.fileSize() + " bytes (truncated?)");
                }
            }
        }
    }

    private static boolean endsWith(Path file, byte[] suffix) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < suffix.length) {
                return false;
            }
            byte[] tail = new byte[suffix.length];
            raf.seek(raf.length() - suffix.length);
            raf.readFully(tail);
            return java.util.Arrays.equals(tail, suffix);
        }
    }
}
