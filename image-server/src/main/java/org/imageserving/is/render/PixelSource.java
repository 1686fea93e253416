package org.imageserving.is.render;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

/** Pixels that can be read by region, keeping every n-th pixel: a source file, or an intermediate image. */
public interface PixelSource {
    int width();

    int height();

    /** Whether reading reduced by the decoder is worth it (large sources only; it skips pixels rather than averaging). */
    boolean allowsSubsampling();

    BufferedImage read(Rectangle region, int subsampling);

    /**
     * The subsampling to read with when the resampler then reduces by {@code reduction} source pixels per reply pixel.
     * A decoder that skips pixels keeps at least three per reply pixel, and only for large sources; a source that
     * averages while decoding (JPEG DCT scaling, pyramid levels) chooses its own. The region asked for then starts on
     * a multiple of it.
     */
    default int subsampling(double reduction) {
        return allowsSubsampling() ? Math.max(1, (int) Math.floor(reduction / 3)) : 1;
    }

    /**
     * A solid colour of the given size, read at any reduction for nothing: layer 0 when it is a solid color layer
     * (a canvas of {@code size=} and {@code color=}, no source).
     *
     * @param argb non-premultiplied
     */
    static PixelSource solid(int width, int height, int argb) {
        int premultiplied = Pixels.premultiply(argb);
        return new PixelSource() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public boolean allowsSubsampling() {
                return true;
            }

            @Override
            public int subsampling(double reduction) {
                return Math.max(1, (int) Math.floor(reduction));
            }

            @Override
            public BufferedImage read(Rectangle region, int subsampling) {
                BufferedImage image = Pixels.create(Math.max(1, (region.width + subsampling - 1) / subsampling),
                        Math.max(1, (region.height + subsampling - 1) / subsampling));
                java.util.Arrays.fill(Pixels.data(image), premultiplied);
                return image;
            }
        };
    }

    static PixelSource of(SourceImage image) {
        return new PixelSource() {
            @Override
            public int width() {
                return image.width();
            }

            @Override
            public int height() {
                return image.height();
            }

            @Override
            public boolean allowsSubsampling() {
                return (long) image.width() * image.height() > 16_000_000L;
            }

            @Override
            public BufferedImage read(Rectangle region, int subsampling) {
                return image.read(region, subsampling);
            }
        };
    }

    static PixelSource of(BufferedImage working) {
        return new PixelSource() {
            @Override
            public int width() {
                return working.getWidth();
            }

            @Override
            public int height() {
                return working.getHeight();
            }

            @Override
            public boolean allowsSubsampling() {
                return false;
            }

            @Override
            public BufferedImage read(Rectangle region, int subsampling) {
                // A copy, not getSubimage(): the resampler reads the backing array, which a sub-image shares.
                BufferedImage copy = Pixels.create(region.width, region.height);
                Pixels.paste(working, copy, -region.x, -region.y);
                return copy;
            }
        };
    }
}
