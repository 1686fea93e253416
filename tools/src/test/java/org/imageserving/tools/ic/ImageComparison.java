package org.imageserving.tools.ic;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/** Sample-by-sample comparison of two images of the same size, and an independent reference downscale. */
final class ImageComparison {
    final double meanDifference;
    final int maxDifference;
    final double within; // share of samples differing by at most the closeness bound

    private ImageComparison(double mean, int max, double within) {
        this.meanDifference = mean;
        this.maxDifference = max;
        this.within = within;
    }

    /**
     * Compares the given channels of {@code actual} and {@code expected} as 8-bit values (16-bit rasters by their top
     * byte); with {@code minAlpha} above 0, only pixels at least that opaque in {@code expected} count.
     */
    static ImageComparison of(BufferedImage actual, BufferedImage expected, int closeness, int minAlpha) {
        if (actual.getWidth() != expected.getWidth() || actual.getHeight() != expected.getHeight()) {
            throw new AssertionError("sizes differ: " + actual.getWidth() + "x" + actual.getHeight() + " vs "
                    + expected.getWidth() + "x" + expected.getHeight());
        }
        long sum = 0;
        long count = 0;
        long close = 0;
        int max = 0;
        for (int y = 0; y < actual.getHeight(); y++) {
            for (int x = 0; x < actual.getWidth(); x++) {
                int a = actual.getRGB(x, y);
                int e = expected.getRGB(x, y);
                if (minAlpha > 0 && (e >>> 24) < minAlpha) {
                    continue;
                }
                for (int shift = 0; shift <= 24; shift += 8) {
                    int d = Math.abs(((a >>> shift) & 0xFF) - ((e >>> shift) & 0xFF));
                    sum += d;
                    count++;
                    max = Math.max(max, d);
                    if (d <= closeness) {
                        close++;
                    }
                }
            }
        }
        return new ImageComparison((double) sum / count, max, (double) close / count);
    }

    /** Exact comparison of every raw sample (for 16-bit and lossless checks). */
    static long rawDifferences(BufferedImage actual, BufferedImage expected) {
        Raster a = actual.getRaster();
        Raster e = expected.getRaster();
        long differing = 0;
        int bands = e.getNumBands();
        if (a.getNumBands() != bands) {
            throw new AssertionError("bands differ: " + a.getNumBands() + " vs " + bands);
        }
        for (int y = 0; y < e.getHeight(); y++) {
            for (int x = 0; x < e.getWidth(); x++) {
                for (int b = 0; b < bands; b++) {
                    if (a.getSample(x, y, b) != e.getSample(x, y, b)) {
                        differing++;
                    }
                }
            }
        }
        return differing;
    }

    /**
     * Pyramid level {@code level} as java.awt's area-averaging filter makes it from the source, an implementation
     * independent of ic's. Each level pixel covers 2^level source pixels, so the source is first extended by repeating
     * its last row and column to a multiple of that, as the pyramid's odd sizes round up.
     */
    static BufferedImage areaAverage(BufferedImage source, int level, int width, int height) {
        int factor = 1 << level;
        BufferedImage padded = new BufferedImage(width * factor, height * factor, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < padded.getHeight(); y++) {
            for (int x = 0; x < padded.getWidth(); x++) {
                padded.setRGB(x, y, source.getRGB(Math.min(x, source.getWidth() - 1), Math.min(y, source.getHeight() - 1)));
            }
        }
        Image scaled = padded.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        out.createGraphics().drawImage(scaled, 0, 0, null);
        return out;
    }

    @Override
    public String toString() {
        return String.format("mean %.3f, max %d, within bound %.4f", meanDifference, maxDifference, within);
    }
}
