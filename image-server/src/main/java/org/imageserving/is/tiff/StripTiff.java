package org.imageserving.is.tiff;

import com.sun.jna.Memory;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.imageserving.is.render.BoxReduce;
import org.imageserving.is.render.BoxReducedSource;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.SourceImage;

/**
 * A strip TIFF of 8-bit RGB or RGBA read by libtiff strip by strip ({@link Libtiff}) and reduced while it streams
 * ({@link BoxReduce}): only the strips that cross the window are decoded, and no full-size image is ever held. Like
 * the JPEG and WebP paths it leaves at least a factor of two to the resampler.
 *
 * <p>Only what gives the ImageIO path's pixels takes this path: chunky 8-bit unsigned RGB, with no extra sample or
 * one alpha (associated or not), top-left orientation and no ICC profile. Tiled, planar, gray, palette, CMYK, YCbCr,
 * 16-bit and profiled files keep the ImageIO path, as does any file libtiff reports an error for, which then gets
 * that path's error.
 */
public final class StripTiff extends BoxReducedSource {
    private final BoxReduce.Layout layout;

    private StripTiff(Path file, SourceImage fallback, BoxReduce.Layout layout) {
        super(file, fallback);
        this.layout = layout;
    }

    /** The pixels of {@code source}: through libtiff when the file is one this path reads exactly, else ImageIO. */
    public static PixelSource of(Path file, SourceImage source) {
        if (!source.formatName().equals("tif") && !source.formatName().equals("tiff") || !Libtiff.available()) {
            return PixelSource.of(source);
        }
        try (Libtiff.Tiff tiff = Libtiff.open(file)) {
            if (tiff == null) {
                return PixelSource.of(source);
            }
            BoxReduce.Layout layout = layoutOrNull(tiff, source);
            return layout == null ? PixelSource.of(source) : new StripTiff(file, source, layout);
        }
    }

    private static BoxReduce.Layout layoutOrNull(Libtiff.Tiff tiff, SourceImage source) {
        boolean plain = !tiff.tiled()
                && tiff.field(Libtiff.IMAGEWIDTH, true) == source.width()
                && tiff.field(Libtiff.IMAGELENGTH, true) == source.height()
                && tiff.field(Libtiff.BITSPERSAMPLE, false) == 8
                && tiff.field(Libtiff.PHOTOMETRIC, false) == 2
                && tiff.field(Libtiff.PLANARCONFIG, false) == 1
                && tiff.field(Libtiff.SAMPLEFORMAT, false) == 1
                && tiff.field(Libtiff.ORIENTATION, false) == 1
                && !tiff.hasField(Libtiff.ICCPROFILE)
                && rowsPerStrip(tiff, source.height()) > 0
                && !tiff.hadErrors();
        if (!plain) {
            return null;
        }
        int samples = tiff.field(Libtiff.SAMPLESPERPIXEL, false);
        int extra = tiff.firstExtraSample();
        if (samples == 3 && extra < 0) {
            return BoxReduce.Layout.RGB;
        }
        if (samples == 4 && extra == 1) {
            return BoxReduce.Layout.RGBA_PREMULTIPLIED;
        }
        if (samples == 4 && extra == 2) {
            return BoxReduce.Layout.RGBA_UNASSOCIATED;
        }
        return null;
    }

    /** The tag's value, at most the height; libtiff's default (2^32 - 1, one strip) reads as -1 here. */
    private static int rowsPerStrip(Libtiff.Tiff tiff, int height) {
        int rows = tiff.field(Libtiff.ROWSPERSTRIP, true);
        return rows == -1 || rows > height ? height : rows;
    }

    /** The window reduced by {@code factor}, or null when libtiff reports anything: the ImageIO path then answers. */
    @Override
    protected BufferedImage reduceWindow(Rectangle window, int factor) {
        try (Libtiff.Tiff tiff = Libtiff.open(file)) {
            if (tiff == null) {
                return null;
            }
            int rowsPerStrip = rowsPerStrip(tiff, height());
            long stripSize = tiff.stripSize();
            int rowBytes = width() * layout.samples();
            if (rowsPerStrip <= 0 || stripSize < (long) rowsPerStrip * rowBytes || stripSize > Integer.MAX_VALUE) {
                return null;
            }
            BoxReduce box = new BoxReduce(window.width, window.height, factor);
            byte[] row = new byte[rowBytes]; // row by row out of the strip: a strip's copy would not stay in the cache
            try (Memory buffer = new Memory(stripSize)) {
                int last = window.y + window.height;
                for (int strip = window.y / rowsPerStrip; strip * rowsPerStrip < last; strip++) {
                    int first = strip * rowsPerStrip;
                    int count = Math.min(rowsPerStrip, height() - first);
                    long read = tiff.readStrip(strip, buffer);
                    if (read < (long) count * rowBytes) {
                        return null;
                    }
                    int from = Math.max(window.y, first), to = Math.min(last, first + count);
                    for (int y = from; y < to; y++) {
                        buffer.read((long) (y - first) * rowBytes, row, 0, rowBytes);
                        box.add(row, window.x * layout.samples(), layout);
                    }
                }
            }
            return box.result();
        }
    }
}
