package org.imageserving.is.render;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A fast path that streams a window's rows into a {@link BoxReduce}: since the boxes average rather than skip, any
 * whole factor that leaves at least a factor of two to the resampler keeps the reply's quality, and a window inside
 * the image is all such a decoder needs to answer.
 */
public abstract class BoxReducedSource extends FastPathSource {
    protected BoxReducedSource(Path file, SourceImage source) {
        super(file, source);
    }

    @Override
    public final int subsampling(double reduction) {
        return halfOfReduction(reduction);
    }

    @Override
    public final BufferedImage read(Rectangle region, int subsampling) {
        return readInside(region, subsampling, this::reduceWindow);
    }

    /** The window reduced by {@code factor}, or null when the file is not what this path takes: ImageIO answers. */
    protected abstract BufferedImage reduceWindow(Rectangle window, int factor) throws Exception;
}
