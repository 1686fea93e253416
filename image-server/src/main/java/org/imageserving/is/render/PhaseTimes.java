package org.imageserving.is.render;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where one render's time went: decode (reading source pixels, the SVG server's drawing included), transform
 * (resampling, placement, filters, flattening) and encode. Reported in the reply frame's headers, which the Platform
 * Server turns into its render-phase histograms; a few {@code System.nanoTime()} calls per render, nothing per pixel.
 */
final class PhaseTimes {
    /** Reply headers; the Platform Server takes every {@code timing.} header out before the reply goes anywhere. */
    static final String DECODE = "timing.decodeNanos";
    static final String TRANSFORM = "timing.transformNanos";
    static final String ENCODE = "timing.encodeNanos";

    private long decodeNanos;
    private long transformNanos;
    private long encodeNanos;

    <T> T decoding(Supplier<T> step) {
        RenderDeadline.check();
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            decodeNanos += System.nanoTime() - start;
        }
    }

    /** {@code source} with its reads counted as decoding. */
    PixelSource decoding(PixelSource source) {
        return new PixelSource() {
            @Override
            public int width() {
                return source.width();
            }

            @Override
            public int height() {
                return source.height();
            }

            @Override
            public boolean allowsSubsampling() {
                return source.allowsSubsampling();
            }

            @Override
            public int subsampling(double reduction) {
                return source.subsampling(reduction);
            }

            @Override
            public BufferedImage read(Rectangle region, int subsampling) {
                return decoding(() -> source.read(region, subsampling));
            }
        };
    }

    /** The time from {@code start} to now that was not decoding is transforming. */
    void transformedSince(long start, long decodeBefore) {
        transformNanos += System.nanoTime() - start - (decodeNanos - decodeBefore);
    }

    long decodeNanos() {
        return decodeNanos;
    }

    void encodedSince(long start) {
        encodeNanos += System.nanoTime() - start;
    }

    void addTo(Map<String, String> headers) {
        headers.put(DECODE, Long.toString(decodeNanos));
        headers.put(TRANSFORM, Long.toString(Math.max(0, transformNanos)));
        headers.put(ENCODE, Long.toString(encodeNanos));
    }
}
