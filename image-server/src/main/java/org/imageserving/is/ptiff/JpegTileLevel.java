package org.imageserving.is.ptiff;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.is.jpeg.JpegTileDecoder;
import org.imageserving.is.render.Pixels;

/**
 * A pyramid level stored as JPEG tiles that libjpeg-turbo decodes to the pixels the ImageIO path gives (the JDK's
 * TIFF reader hands each tile to ImageIO's JPEG reader, one at a time): 8-bit YCbCr, RGB or gray, one plane, no extra
 * samples, no embedded profile (the ImageIO path would convert by it), default reference black and white. Read by
 * window: only the tiles under it are read and decoded, at the level's size (see {@link
 * org.imageserving.is.render.PyramidTiffSource#subsampling} for why not DCT-scaled).
 *
 * <p>Any other level ({@link #of} empty), and any tile the decoder refuses ({@link #read} null), keeps the ImageIO
 * path with its pixels and its errors.
 */
public final class JpegTileLevel {
    /** The tags {@link #of} needs besides the tile tables. */
    public static final Set<TiffTag> TAGS = Collections.unmodifiableSet(EnumSet.of(TiffTag.COMPRESSION,
            TiffTag.PHOTOMETRIC_INTERPRETATION, TiffTag.SAMPLES_PER_PIXEL, TiffTag.BITS_PER_SAMPLE,
            TiffTag.PLANAR_CONFIGURATION, TiffTag.EXTRA_SAMPLES, TiffTag.SAMPLE_FORMAT, TiffTag.TILE_WIDTH,
            TiffTag.TILE_LENGTH, TiffTag.JPEG_TABLES, TiffTag.ICC_PROFILE, TiffTag.REFERENCE_BLACK_WHITE));
    private static final int JPEG = 7;
    private static final int MIN_IS_BLACK = 1, RGB = 2, YCBCR = 6;
    /** A tile's stream larger than this is not a tile anyone writes: the ImageIO path decides about it. */
    private static final long MAX_TILE_BYTES = 16L << 20;
    private static final double[] DEFAULT_REFERENCE = {0, 255, 128, 255, 128, 255};

    private final int width;
    private final int height;
    private final int tileWidth;
    private final int tileHeight;
    private final int across;
    private final long[] offsets;
    private final long[] counts;
    private final byte[] tables;
    private final int components;
    private final boolean rgb;

    private JpegTileLevel(TiffDirectory directory, int components, boolean rgb) {
        this.width = directory.width();
        this.height = directory.height();
        this.tileWidth = (int) directory.first(TiffTag.TILE_WIDTH, 0);
        this.tileHeight = (int) directory.first(TiffTag.TILE_LENGTH, 0);
        this.across = ceilDiv(width, tileWidth);
        this.offsets = directory.values(TiffTag.TILE_OFFSETS);
        this.counts = directory.values(TiffTag.TILE_BYTE_COUNTS);
        this.tables = directory.bytes(TiffTag.JPEG_TABLES).orElse(null);
        this.components = components;
        this.rgb = rgb;
    }

    /** The level of {@code directory} when its tiles decode natively to the ImageIO path's pixels, else empty. */
    public static Optional<JpegTileLevel> of(TiffDirectory directory) {
        if (!JpegTileDecoder.available() || directory.first(TiffTag.COMPRESSION, 1) != JPEG || !directory.tiled()) {
            return Optional.empty();
        }
        int samples = (int) directory.first(TiffTag.SAMPLES_PER_PIXEL, 1);
        long photometric = directory.first(TiffTag.PHOTOMETRIC_INTERPRETATION, -1);
        boolean colours = samples == 3 && (photometric == RGB || photometric == YCBCR)
                || samples == 1 && photometric == MIN_IS_BLACK;
        long[] bits = directory.values(TiffTag.BITS_PER_SAMPLE);
        boolean eightBits = bits.length == samples && Arrays.stream(bits).allMatch(b -> b == 8);
        boolean plain = directory.first(TiffTag.PLANAR_CONFIGURATION, 1) == 1 && !directory.has(TiffTag.EXTRA_SAMPLES)
                && directory.first(TiffTag.SAMPLE_FORMAT, 1) == 1 && !directory.has(TiffTag.ICC_PROFILE)
                && defaultReference(directory);
        if (!colours || !eightBits || !plain || !tileGrid(directory)) {
            return Optional.empty();
        }
        JpegTileLevel level = new JpegTileLevel(directory, samples, photometric == RGB);
        if (level.tables != null && !JpegTileDecoder.splices(level.tables)) {
            return Optional.empty(); // tables this decoder cannot splice: odd, so the ImageIO path reads them
        }
        return Optional.of(level);
    }

    /** Whether the level is opaque for certain: JPEG tiles of one or three samples and no extra ones. */
    public static boolean opaque(TiffDirectory directory) {
        long samples = directory.first(TiffTag.SAMPLES_PER_PIXEL, 1);
        return directory.first(TiffTag.COMPRESSION, 1) == JPEG && (samples == 1 || samples == 3)
                && !directory.has(TiffTag.EXTRA_SAMPLES);
    }

    private static boolean defaultReference(TiffDirectory directory) {
        if (!directory.has(TiffTag.REFERENCE_BLACK_WHITE)) {
            return true;
        }
        long[] rationals = directory.values(TiffTag.REFERENCE_BLACK_WHITE);
        if (rationals.length != 2 * DEFAULT_REFERENCE.length) {
            return false;
        }
        for (int i = 0; i < DEFAULT_REFERENCE.length; i++) {
            long denominator = rationals[2 * i + 1];
            if (denominator == 0 || Math.abs((double) rationals[2 * i] / denominator - DEFAULT_REFERENCE[i]) > 1e-6) {
                return false;
            }
        }
        return true;
    }

    /** Tiles of a multiple of 16 pixels (as TIFF requires), one offset and count for each, every count plausible. */
    private static boolean tileGrid(TiffDirectory directory) {
        long tw = directory.first(TiffTag.TILE_WIDTH, 0);
        long th = directory.first(TiffTag.TILE_LENGTH, 0);
        if (tw <= 0 || th <= 0 || tw % 16 != 0 || th % 16 != 0 || tw > 65_536 || th > 65_536
                || directory.width() <= 0 || directory.height() <= 0) {
            return false;
        }
        long tiles = ceilDiv(directory.width(), (int) tw) * (long) ceilDiv(directory.height(), (int) th);
        long[] offsets = directory.values(TiffTag.TILE_OFFSETS);
        long[] counts = directory.values(TiffTag.TILE_BYTE_COUNTS);
        return offsets.length == tiles && counts.length == tiles
                && Arrays.stream(counts).allMatch(c -> c >= 4 && c <= MAX_TILE_BYTES);
    }

    /**
     * The pixels of {@code window} (this level's pixels) as a working image; null when a tile is not as expected or the
     * decoder refuses it (damaged, or a libjpeg warning), so the caller reads with ImageIO, which reports it.
     */
    public BufferedImage read(TileBytes bytes, Rectangle window) throws IOException {
        if (window.isEmpty() || window.x < 0 || window.y < 0 || window.x + window.width > width
                || window.y + window.height > height) {
            return null;
        }
        int tw = tileWidth;
        int th = tileHeight;
        JpegTileDecoder.Expected expected = new JpegTileDecoder.Expected(tileWidth, tileHeight, components, rgb);
        BufferedImage image = Pixels.create(window.width, window.height);
        try (JpegTileDecoder decoder = JpegTileDecoder.of(tables).orElse(null)) {
            if (decoder == null) {
                return null;
            }
            for (int row = window.y / th; row * th < window.y + window.height; row++) {
                for (int column = window.x / tw; column * tw < window.x + window.width; column++) {
                    int tile = row * across + column;
                    int length = (int) counts[tile];
                    ByteBuffer stream = decoder.tileBuffer(length);
                    if (!bytes.readFully(offsets[tile], stream)) {
                        return null;
                    }
                    // the part of the window in this tile
                    int x0 = Math.max(window.x, column * tw), x1 = Math.min(window.x + window.width, (column + 1) * tw);
                    int y0 = Math.max(window.y, row * th), y1 = Math.min(window.y + window.height, (row + 1) * th);
                    if (!decoder.decodeInto(length, expected, image, x0 - column * tw, y0 - row * th,
                            x1 - x0, y1 - y0, x0 - window.x, y0 - window.y)) {
                        return null;
                    }
                }
            }
        }
        return image;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
