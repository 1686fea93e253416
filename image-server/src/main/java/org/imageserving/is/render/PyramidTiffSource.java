package org.imageserving.is.render;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * A pyramid TIFF: the full-resolution image followed by versions of it that each halve the one before. A request is
 * read from the smallest level that still has at least the resolution the reply needs, so the resampler only ever
 * reduces, and only the window it needs, so only the tiles under that window are decoded: a thumbnail of a
 * 50-megapixel master costs a few tiles. Coordinates stay in full-resolution pixels for the rest of the pipeline.
 *
 * <p>Recognised files: levels marked as reduced-resolution subfiles (NewSubfileType 1) right after the first image, as
 * {@code bin/ic} writes them; or, when none is marked, a multi-page TIFF whose every page halves the one before, as
 * {@code vips tiffsave --pyramid} writes them. Anything else is not a pyramid and is served as an ordinary TIFF. A
 * pyramid is exempt from {@code IS::MaxNonDsfSize} (its cost does not grow with its size) but not from an absolute cap.
 */
public final class PyramidTiffSource implements PixelSource, AutoCloseable {
    /** The largest full-resolution image served, whatever its pyramid (about a 45 000 px square). */
    public static final long MAX_PIXELS = 2_000_000_000L;

    /** One level: its image index in the file, its size, and how many full-resolution pixels one of its pixels spans. */
    record Level(int index, int width, int height, int factor) {}

    private final Path file;
    private final ImageInputStream input;
    private final ImageReader reader;
    private final List<Level> levels;

    private PyramidTiffSource(Path file, ImageInputStream input, ImageReader reader, List<Level> levels) {
        this.file = file;
        this.input = input;
        this.reader = reader;
        this.levels = levels;
    }

    /**
     * The file as a pyramid, or empty when it is not a TIFF or not a pyramid (an ordinary source, then). A TIFF whose
     * directories or level data run past the end of the file is refused here: a truncated pyramid is damaged.
     */
    public static Optional<PyramidTiffSource> open(Path file) {
        ImageInputStream input = null;
        try {
            if (!startsLikeTiff(file)) {
                return Optional.empty(); // most sources: four bytes read, no ImageIO stream made
            }
            input = ImageIO.createImageInputStream(file.toFile());
            if (input == null) {
                throw RenderException.serverError("cannot open image " + file.getFileName(), null);
            }
            Optional<PyramidTiffSource> opened = open(file, input);
            if (opened.isPresent()) {
                input = null;
            }
            return opened;
        } catch (IOException e) {
            throw SourceReads.corrupt(file, e);
        } finally {
            SourceReads.closeQuietly(input);
        }
    }

    private static boolean startsLikeTiff(Path file) throws IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && (head[0] == 'I' && head[1] == 'I' || head[0] == 'M' && head[1] == 'M');
        }
    }

    /** As {@link #open(Path)} on a given stream, which the source then owns when it is a pyramid. */
    static Optional<PyramidTiffSource> open(Path file, ImageInputStream input) {
        try {
            if (!TiffDirectories.isTiff(input)) {
                return Optional.empty();
            }
            List<TiffDirectories.Directory> directories = TiffDirectories.read(input);
            List<Level> levels = levels(directories);
            if (levels.size() < 2) {
                return Optional.empty();
            }
            Level full = levels.get(0);
            long pixels = (long) full.width() * full.height();
            if (pixels > MAX_PIXELS) {
                throw RenderException.forbidden(String.format(
                        "pyramid image %s is %d x %d = %.1f megapixels, more than the limit of %.0f megapixels",
                        file.getFileName(), full.width(), full.height(), pixels / 1e6, MAX_PIXELS / 1e6));
            }
            long length = input.length();
            for (Level level : levels) {
                long end = directories.get(level.index()).dataEnd();
                if (end < 0 || (length >= 0 && end > length)) {
                    throw RenderException.unreadableSource(String.format(
                            "corrupt or truncated image %s: the data of pyramid level %d %s", file.getFileName(),
                            level.index(), end < 0 ? "has no valid tile table" : "ends beyond the end of the file"), null);
                }
            }
            input.seek(0);
            ImageReader reader = tiffReader(input);
            reader.setInput(input, false, false);
            return Optional.of(new PyramidTiffSource(file, input, reader, List.copyOf(levels)));
        } catch (RenderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw SourceReads.corrupt(file, e);
        }
    }

    /**
     * The JDK's TIFF reader when present: TwelveMonkeys' (3.14.0) fails on some source regions that start inside a tile
     * ("(x + width) is outside of Raster" in clipRowToRect), and region reads are what a pyramid is for. Both decode
     * only the tiles under the region.
     */
    private static ImageReader tiffReader(ImageInputStream input) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        ImageReader chosen = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (chosen == null || reader.getClass().getName().equals("com.sun.imageio.plugins.tiff.TIFFImageReader")) {
                chosen = reader;
            }
        }
        if (chosen == null) {
            throw new IllegalStateException("no TIFF reader");
        }
        return chosen;
    }

    /**
     * The levels of a pyramid, full resolution first, or fewer than two when the directories are not one: the first
     * image and the marked reduced-resolution images right after it, else every page; each must halve the one before
     * (odd sizes rounded either way).
     */
    static List<Level> levels(List<TiffDirectories.Directory> directories) {
        if (directories.size() < 2) {
            return List.of();
        }
        boolean marked = directories.get(1).reducedResolution();
        List<Level> levels = new ArrayList<>();
        TiffDirectories.Directory first = directories.get(0);
        if (first.width() <= 0 || first.height() <= 0) {
            return List.of();
        }
        levels.add(new Level(0, first.width(), first.height(), 1));
        for (int i = 1; i < directories.size(); i++) {
            TiffDirectories.Directory page = directories.get(i);
            if (marked && !page.reducedResolution()) {
                break; // the next image of a multi-image file, with its own levels after it
            }
            Level previous = levels.get(levels.size() - 1);
            if (!halves(previous.width(), page.width()) || !halves(previous.height(), page.height())) {
                return List.of();
            }
            levels.add(new Level(i, page.width(), page.height(), previous.factor() * 2));
        }
        return levels;
    }

    private static boolean halves(int larger, int smaller) {
        return smaller >= 1 && (smaller == larger / 2 || smaller == (larger + 1) / 2);
    }

    @Override
    public int width() {
        return levels.get(0).width();
    }

    @Override
    public int height() {
        return levels.get(0).height();
    }

    List<Level> levels() {
        return levels;
    }

    @Override
    public boolean allowsSubsampling() {
        return true;
    }

    /** The smallest level whose resolution is still at least the reply's: its factor is at most the reduction. */
    @Override
    public int subsampling(double reduction) {
        int factor = 1;
        for (Level level : levels) {
            if (level.factor() <= reduction * (1 + 1e-9)) {
                factor = level.factor();
            }
        }
        return factor;
    }

    /** Whether the header announces an alpha channel. */
    public boolean hasAlpha() {
        try {
            ImageTypeSpecifier type = reader.getRawImageType(0);
            if (type != null) {
                return type.getColorModel().hasAlpha();
            }
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            return types.hasNext() && types.next().getColorModel().hasAlpha();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads {@code region} (full-resolution pixels) at {@code subsampling}: from the level whose factor is the largest
     * that divides it, skipping pixels on that level only for the rest (never, when asked through {@link
     * #subsampling(double)}). Only the tiles under the region are decoded.
     */
    @Override
    public BufferedImage read(Rectangle region, int subsampling) {
        Level level = levels.get(0);
        for (Level candidate : levels) {
            if (subsampling % candidate.factor() == 0) {
                level = candidate;
            }
        }
        int f = level.factor();
        int x0 = Math.min(level.width() - 1, region.x / f);
        int y0 = Math.min(level.height() - 1, region.y / f);
        int x1 = Math.max(x0 + 1, Math.min(level.width(), ceilDiv(region.x + region.width, f)));
        int y1 = Math.max(y0 + 1, Math.min(level.height(), ceilDiv(region.y + region.height, f)));
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(new Rectangle(x0, y0, x1 - x0, y1 - y0));
            int rest = subsampling / f;
            if (rest > 1) {
                param.setSourceSubsampling(rest, rest, 0, 0);
            }
            BufferedImage decoded = SourceReads.readUndamaged(reader, level.index(), param, file);
            return Pixels.toWorking(decoded);
        } catch (RenderException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw SourceReads.corrupt(file, e);
        }
    }

    @Override
    public void close() {
        reader.dispose();
        SourceReads.closeQuietly(input);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }


}
