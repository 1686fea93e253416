package org.imageserving.is.render;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A faster reader of one kind of source (native reduced decodes, streaming reductions) in front of the ImageIO path,
 * which answers whatever the fast path does not take: regions it does not handle, and every file or failure it gives
 * up on, so that the ImageIO path reads the file again and reports what is wrong with it. A fast path can therefore
 * never answer less than ImageIO did.
 */
public abstract class FastPathSource implements PixelSource {
    protected final Path file;
    private final SourceImage source;
    private final PixelSource imageIo;

    protected FastPathSource(Path file, SourceImage source) {
        this.file = file;
        this.source = source;
        this.imageIo = PixelSource.of(source);
    }

    @Override
    public final int width() {
        return source.width();
    }

    @Override
    public final int height() {
        return source.height();
    }

    @Override
    public boolean allowsSubsampling() {
        return true;
    }

    /** The ImageIO path's answer. */
    protected final BufferedImage readWithImageIo(Rectangle region, int subsampling) {
        return imageIo.read(region, subsampling);
    }

    /**
     * For fast paths that read windows inside the image: {@code fast} answers the region reduced by the subsampling
     * factor, or null, or throws; the ImageIO path answers then, and for a region that reaches outside the image.
     */
    protected final BufferedImage readInside(Rectangle region, int subsampling, WindowReader fast) {
        Rectangle window = region.intersection(new Rectangle(0, 0, width(), height()));
        if (window.isEmpty() || !window.equals(region)) {
            return readWithImageIo(region, subsampling);
        }
        BufferedImage reduced;
        try {
            reduced = fast.read(window, Math.max(1, subsampling));
        } catch (Exception e) {
            reduced = null; // whatever went wrong, the ImageIO path answers as it did before
        }
        return reduced != null ? reduced : readWithImageIo(region, subsampling);
    }

    /** Any integer that leaves at least a factor of two to the resampler: for decoders that average, not skip. */
    protected static int halfOfReduction(double reduction) {
        return Math.max(1, (int) Math.floor(reduction / 2));
    }

    /** A window of the source, reduced by a whole factor. */
    @FunctionalInterface
    protected interface WindowReader {
        BufferedImage read(Rectangle window, int factor) throws Exception;
    }
}
