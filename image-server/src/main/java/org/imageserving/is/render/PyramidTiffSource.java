package org.imageserving.is.render;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.tiff.PyramidLevel;
import org.imageserving.common.imaging.tiff.PyramidTiff;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.common.imaging.source.s3.RemoteObject;
import org.imageserving.is.ptiff.JpegTileLevel;
import org.imageserving.is.ptiff.TileBytes;

/**
 * A pyramid TIFF ({@link PyramidTiff}) as a pixel source. A request is read from the smallest level that still has at
 * least the resolution the reply needs, so the resampler only ever reduces, and only the window it needs, so only the
 * tiles under that window are decoded: a thumbnail of a 50-megapixel master costs a few tiles. Coordinates stay in
 * full-resolution pixels for the rest of the pipeline.
 *
 * <p>Levels of JPEG tiles that libjpeg-turbo decodes to the same pixels as the JDK's TIFF reader ({@link
 * JpegTileLevel}: what {@code ic -jpegcompress} and libvips write) are decoded natively, tile by tile, from the file's
 * bytes; every other level, and every read the native decoder refuses (a damaged tile), goes to the JDK's TIFF reader,
 * which is opened only then and reports the damage as before.
 *
 * <p>A TIFF that is not a pyramid is served as an ordinary TIFF. A pyramid is exempt from {@code IS::MaxNonDsfSize}
 * (its cost does not grow with its size) but not from an absolute cap.
 */
public final class PyramidTiffSource implements PixelSource, AutoCloseable {
    /**
     * Where each level's pixel data lies (a level that runs past the end of the file is refused before decoding), and
     * what the native JPEG tile decoder needs to know of it.
     */
    private static final Set<TiffTag> DATA_TAGS = dataTags();
    /** The largest full-resolution image served, whatever its pyramid (about a 45 000 px square). */
    public static final long MAX_PIXELS = 2_000_000_000L;

    private final Path file;
    private final PyramidTiff pyramid;
    /** Per level (by directory index), its JPEG tiles when the native decoder reads them: see {@link JpegTileLevel}. */
    private final List<Optional<JpegTileLevel>> jpegLevels;
    /** The bytes of the tiles, for the native decoder. */
    private final TileBytes tiles;
    /** Opens the ImageIO stream, when {@link #hasAlpha()} or a read first needs the ImageIO reader. */
    private final ImageIoOpener opener;
    /** Closes what {@link #tiles} reads from. */
    private final AutoCloseable tilesClose;
    private ImageInputStream input;
    private ImageReader reader;

    private PyramidTiffSource(Path file, PyramidTiff pyramid, TileBytes tiles, AutoCloseable tilesClose,
                              ImageIoOpener opener) {
        this.file = file;
        this.pyramid = pyramid;
        this.tiles = tiles;
        this.tilesClose = tilesClose;
        this.opener = opener;
        this.jpegLevels = pyramid.file().directories().stream().map(JpegTileLevel::of).toList();
    }

    /** Makes the ImageIO stream the fallback reader reads from (the source then owns it). */
    @FunctionalInterface
    private interface ImageIoOpener {
        ImageInputStream open() throws IOException;
    }

    /**
     * The file as a pyramid, or empty when it is not a TIFF or not a pyramid (an ordinary source, then). A TIFF whose
     * directories or level data run past the end of the file is refused here: a truncated pyramid is damaged.
     */
    public static Optional<PyramidTiffSource> open(Path file) {
        Optional<PyramidTiff> pyramid = pyramid(file);
        if (pyramid.isEmpty()) {
            return Optional.empty(); // most sources: their first bytes read, no ImageIO stream made
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw SourceReads.corrupt(file, e);
        }
        ImageIoOpener opener = () -> {
            ImageInputStream input = ImageIO.createImageInputStream(file.toFile());
            if (input == null) {
                throw RenderException.serverError("cannot open image " + file.getFileName(), null);
            }
            return input;
        };
        try {
            TileBytes tiles = (position, dst) -> channel.read(dst, position);
            return Optional.of(new PyramidTiffSource(file, pyramid.get(), tiles, channel, opener));
        } catch (RuntimeException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only: a failed close loses nothing
            }
            throw e;
        }
    }

    /**
     * As {@link #open(Path)} for an object in a bucket, read on demand: its directories, then only the tiles a request
     * needs ({@code file} is its local copy, named in messages).
     */
    public static Optional<PyramidTiffSource> open(Path file, RemoteObject object) {
        Optional<PyramidTiff> pyramid;
        try (SeekableByteChannel channel = object.channel()) {
            byte[] head = new byte[16];
            int n = Math.max(0, channel.read(ByteBuffer.wrap(head)));
            if (!SourceFormat.of(head, n).isTiff()) {
                return Optional.empty();
            }
            channel.position(0);
            pyramid = PyramidTiff.read(channel, DATA_TAGS);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RenderException re) {
                throw re;
            }
            throw SourceReads.corrupt(file, e);
        }
        pyramid.ifPresent(p -> checkServable(file, p));
        return pyramid.map(p -> new PyramidTiffSource(file, p, object::read, () -> { },
                () -> new RemoteImageInputStream(object)));
    }

    /**
     * As {@link #open(Path)} reading pixels from a given stream, which the source then owns when it is a pyramid: the
     * native decoder's tiles too, so a test sees every byte read.
     */
    static Optional<PyramidTiffSource> open(Path file, ImageInputStream input) {
        TileBytes tiles = (position, dst) -> {
            synchronized (input) {
                byte[] bytes = new byte[dst.remaining()];
                input.seek(position);
                int n = input.read(bytes);
                if (n > 0) {
                    dst.put(bytes, 0, n);
                }
                return n;
            }
        };
        return pyramid(file).map(pyramid -> new PyramidTiffSource(file, pyramid, tiles, input, () -> input));
    }

    private static Set<TiffTag> dataTags() {
        Set<TiffTag> tags = EnumSet.of(TiffTag.TILE_OFFSETS, TiffTag.TILE_BYTE_COUNTS, TiffTag.STRIP_OFFSETS,
                TiffTag.STRIP_BYTE_COUNTS);
        tags.addAll(JpegTileLevel.TAGS);
        return tags;
    }

    private static Optional<PyramidTiff> pyramid(Path file) {
        try {
            if (!SourceFormat.of(file).isTiff()) {
                return Optional.empty();
            }
            Optional<PyramidTiff> found = PyramidTiff.read(file, DATA_TAGS);
            found.ifPresent(pyramid -> checkServable(file, pyramid));
            return found;
        } catch (IOException | RuntimeException e) {
            if (e instanceof RenderException re) {
                throw re;
            }
            throw SourceReads.corrupt(file, e);
        }
    }

    private static void checkServable(Path file, PyramidTiff pyramid) {
        PyramidLevel full = pyramid.full();
        long pixels = (long) full.width() * full.height();
        if (pixels > MAX_PIXELS) {
            throw RenderException.forbidden(String.format(
                    "pyramid image %s is %d x %d = %.1f megapixels, more than the limit of %.0f megapixels",
                    file.getFileName(), full.width(), full.height(), pixels / 1e6, MAX_PIXELS / 1e6));
        }
        for (PyramidLevel level : pyramid.levels()) {
            long end = pyramid.directory(level).dataEnd();
            if (end < 0 || end > pyramid.file().fileSize()) {
                throw RenderException.unreadableSource(String.format(
                        "corrupt or truncated image %s: the data of pyramid level %d %s", file.getFileName(),
                        level.index(), end < 0 ? "has no valid tile table" : "ends beyond the end of the file"), null);
            }
        }
    }

    /** The ImageIO path's reader, opened on first use. */
    private synchronized ImageReader imageIoReader() {
        if (reader != null) {
            return reader;
        }
        try {
            if (input == null) {
                input = opener.open();
            }
            input.seek(0);
            ImageReader opened = tiffReader(input);
            opened.setInput(input, false, false);
            reader = opened;
            return reader;
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

    @Override
    public int width() {
        return pyramid.full().width();
    }

    @Override
    public int height() {
        return pyramid.full().height();
    }

    List<PyramidLevel> levels() {
        return pyramid.levels();
    }

    @Override
    public boolean allowsSubsampling() {
        return true;
    }

    /**
     * The smallest level whose resolution is still at least the reply's (see {@link PyramidTiff#subsampling}). JPEG
     * tiles are not DCT-scaled below the smallest level: measured against today's replies, a libvips pyramid's lost
     * 41.7 to 43.8 dB at 1/2 (under the 45 dB the JPEG path keeps), 1/8 (each block's average) 40.3 dB, and there are
     * only a tile or two to decode there.
     */
    @Override
    public int subsampling(double reduction) {
        return pyramid.subsampling(reduction);
    }

    /** Whether the header announces an alpha channel: never for JPEG tiles of one or three samples. */
    public boolean hasAlpha() {
        if (JpegTileLevel.opaque(pyramid.file().first())) {
            return false;
        }
        ImageReader reader = imageIoReader();
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
     * #subsampling(double)}). Only the tiles under the region are decoded: natively where the level's JPEG tiles allow
     * ({@link JpegTileLevel}), else, and whenever the native decoder refuses a tile, by ImageIO.
     */
    @Override
    public BufferedImage read(Rectangle region, int subsampling) {
        PyramidLevel level = pyramid.levelFor(subsampling);
        Rectangle window = levelWindow(region, level);
        int rest = subsampling / level.factor();
        Optional<JpegTileLevel> jpeg = jpegLevel(level);
        if (jpeg.isPresent() && rest == 1) {
            try {
                BufferedImage decoded = jpeg.get().read(tiles, window);
                if (decoded != null) {
                    return decoded;
                }
            } catch (IOException | RuntimeException e) {
                // the ImageIO path reads the tiles again and reports what is wrong with them
            }
        }
        return readWithImageIo(region, subsampling);
    }

    /** Today's path, and the fallback of the native one: the JDK's TIFF reader, region and pixel skipping. */
    BufferedImage readWithImageIo(Rectangle region, int subsampling) {
        PyramidLevel level = pyramid.levelFor(subsampling);
        Rectangle window = levelWindow(region, level);
        int rest = subsampling / level.factor();
        ImageReader reader = imageIoReader();
        try {
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceRegion(window);
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

    /** Whether the level of directory {@code index} is read by the native JPEG tile decoder. */
    boolean decodesNatively(int index) {
        return jpegLevels.get(index).isPresent();
    }

    /** Whether the ImageIO path has been needed so far. */
    synchronized boolean imageIoOpened() {
        return reader != null;
    }

    /** The level's pixels under {@code region} (full-resolution pixels): at least one, never outside the level. */
    private static Rectangle levelWindow(Rectangle region, PyramidLevel level) {
        int f = level.factor();
        int x0 = Math.min(level.width() - 1, region.x / f);
        int y0 = Math.min(level.height() - 1, region.y / f);
        int x1 = Math.max(x0 + 1, Math.min(level.width(), ceilDiv(region.x + region.width, f)));
        int y1 = Math.max(y0 + 1, Math.min(level.height(), ceilDiv(region.y + region.height, f)));
        return new Rectangle(x0, y0, x1 - x0, y1 - y0);
    }

    private Optional<JpegTileLevel> jpegLevel(PyramidLevel level) {
        return jpegLevels.get(level.index());
    }

    @Override
    public synchronized void close() {
        if (reader != null) {
            reader.dispose();
        }
        SourceReads.closeQuietly(input);
        if (tilesClose != input) {
            try {
                tilesClose.close();
            } catch (Exception ignored) {
                // read-only: a failed close loses nothing
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
