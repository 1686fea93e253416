package org.imageserving.common.imaging.tiff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pyramid TIFF ("Pyramid TIFF" in the Image Serving documentation): the full-resolution image followed by versions
 * of it that each halve the one before, so a reply is read from the smallest level that still has the resolution it
 * needs.
 *
 * <p>Recognised files: levels marked as reduced-resolution subfiles (NewSubfileType bit 0) right after the first
 * image, as {@code ic} writes them (a later unmarked image is the next image of a multi-image file, not a level); or,
 * when none is marked, a multi-page TIFF whose every page halves the one before, as {@code vips tiffsave --pyramid}
 * writes them. Halving allows odd sizes to round either way. Anything else is not a pyramid.
 */
public final class PyramidTiff {
    /** The tags that decide whether a file is a pyramid and what its levels are. */
    public static final Set<TiffTag> LEVEL_TAGS = Collections.unmodifiableSet(
            EnumSet.of(TiffTag.NEW_SUBFILE_TYPE, TiffTag.IMAGE_WIDTH, TiffTag.IMAGE_LENGTH));

    private final TiffFile file;
    private final List<PyramidLevel> levels;

    private PyramidTiff(TiffFile file, List<PyramidLevel> levels) {
        this.file = file;
        this.levels = List.copyOf(levels);
    }

    /** The file as a pyramid, or empty when it is a TIFF but not a pyramid; throws when it is not a readable TIFF. */
    public static Optional<PyramidTiff> read(Path path, Set<TiffTag> alsoKept) throws IOException {
        return read(path, alsoKept, TiffReader.MAX_TAG_BYTES);
    }

    /** As {@link #read(Path, Set)}, refusing a file with a kept tag larger than {@code maxTagBytes}. */
    public static Optional<PyramidTiff> read(Path path, Set<TiffTag> alsoKept, long maxTagBytes) throws IOException {
        Set<TiffTag> kept = EnumSet.copyOf(LEVEL_TAGS);
        kept.addAll(alsoKept);
        return of(TiffReader.read(path, kept, maxTagBytes));
    }

    /** As {@link #read(Path, Set)} from a channel (an object in a bucket, read on demand); the caller closes it. */
    public static Optional<PyramidTiff> read(java.nio.channels.SeekableByteChannel channel, Set<TiffTag> alsoKept)
            throws IOException {
        Set<TiffTag> kept = EnumSet.copyOf(LEVEL_TAGS);
        kept.addAll(alsoKept);
        return of(TiffReader.read(channel, kept, TiffReader.MAX_TAG_BYTES));
    }

    public static Optional<PyramidTiff> of(TiffFile file) {
        List<PyramidLevel> levels = levels(file.directories());
        return levels.size() < 2 ? Optional.empty() : Optional.of(new PyramidTiff(file, levels));
    }

    /**
     * The levels the directories hold, full resolution first: a single level when they are not a pyramid (one image,
     * or pages that do not halve), none when the first image has no size.
     */
    public static List<PyramidLevel> levels(List<TiffDirectory> directories) {
        if (directories.isEmpty() || directories.get(0).width() <= 0 || directories.get(0).height() <= 0) {
            return List.of();
        }
        TiffDirectory first = directories.get(0);
        PyramidLevel full = new PyramidLevel(0, first.width(), first.height(), 1);
        boolean marked = directories.size() > 1 && directories.get(1).reducedResolution();
        List<PyramidLevel> levels = new ArrayList<>(List.of(full));
        for (int i = 1; i < directories.size(); i++) {
            TiffDirectory page = directories.get(i);
            if (marked && !page.reducedResolution()) {
                break;
            }
            PyramidLevel previous = levels.get(levels.size() - 1);
            if (!halves(previous.width(), page.width()) || !halves(previous.height(), page.height())) {
                return List.of(full);
            }
            levels.add(new PyramidLevel(i, page.width(), page.height(), previous.factor() * 2));
        }
        return levels;
    }

    private static boolean halves(int larger, int smaller) {
        return smaller >= 1 && (smaller == larger / 2 || smaller == (larger + 1) / 2);
    }

    public TiffFile file() {
        return file;
    }

    public List<PyramidLevel> levels() {
        return levels;
    }

    public PyramidLevel full() {
        return levels.get(0);
    }

    public TiffDirectory directory(PyramidLevel level) {
        return file.directories().get(level.index());
    }

    /**
     * The subsampling to read a reply from that is {@code reduction} times smaller than the full image: the factor of
     * the smallest level whose resolution is still at least the reply's, so resampling only ever reduces.
     */
    public int subsampling(double reduction) {
        int factor = 1;
        for (PyramidLevel level : levels) {
            if (level.factor() <= reduction * (1 + 1e-9)) {
                factor = level.factor();
            }
        }
        return factor;
    }

    /** The level to read a {@code subsampling} from: the one with the largest factor that divides it. */
    public PyramidLevel levelFor(int subsampling) {
        PyramidLevel chosen = levels.get(0);
        for (PyramidLevel level : levels) {
            if (subsampling % level.factor() == 0) {
                chosen = level;
            }
        }
        return chosen;
    }
}
