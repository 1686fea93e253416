package org.imageserving.is.render;

import java.awt.image.BufferedImage;

/**
 * Averages rows of 8-bit pixels, as a decoder delivers them top to bottom, into boxes of {@code factor} × {@code factor}
 * source pixels (the last box of a row or column takes what remains), so a strip or row decoder reduces a source
 * without ever holding it at full size. The average is taken of premultiplied values, like the resampler's, so
 * transparent pixels lend no colour. It is the first part of a large reduction, as libjpeg's DCT scaling is for JPEG;
 * the caller leaves at least a factor of two to the resampler and its proper filter.
 */
public final class BoxReduce {
    /** How the samples of a pixel are laid out. */
    public enum Layout {
        RGB(3), RGBA_UNASSOCIATED(4), RGBA_PREMULTIPLIED(4);

        final int samples;

        Layout(int samples) {
            this.samples = samples;
        }

        public int samples() {
            return samples;
        }
    }

    private final int width;
    private final int height;
    private final int factor;
    private final int outWidth;
    private final long[] a, r, g, b;
    private final BufferedImage out;
    private final int[] pixels;
    private int rowsIn;
    private int rowsInBand;

    /** @param width and {@code height}: of the source window the rows cover */
    public BoxReduce(int width, int height, int factor) {
        this.width = width;
        this.height = height;
        this.factor = factor;
        this.outWidth = ceilDiv(width, factor);
        this.a = new long[outWidth];
        this.r = new long[outWidth];
        this.g = new long[outWidth];
        this.b = new long[outWidth];
        this.out = Pixels.create(outWidth, ceilDiv(height, factor));
        this.pixels = Pixels.data(out);
    }

    /** Adds the next row: {@code width} pixels of {@code layout} starting at {@code offset} of {@code row}. */
    public void add(byte[] row, int offset, Layout layout) {
        int at = offset, step = layout.samples;
        for (int box = 0, x = 0; box < outWidth; box++) {
            int end = Math.min(width, x + factor);
            long sa = 0, sr = 0, sg = 0, sb = 0;
            switch (layout) {
                case RGB -> {
                    for (; x < end; x++, at += 3) {
                        sr += row[at] & 0xFF;
                        sg += row[at + 1] & 0xFF;
                        sb += row[at + 2] & 0xFF;
                    }
                }
                case RGBA_UNASSOCIATED -> {
                    for (; x < end; x++, at += 4) {
                        int alpha = row[at + 3] & 0xFF;
                        sr += ((row[at] & 0xFF) * alpha + 127) / 255;
                        sg += ((row[at + 1] & 0xFF) * alpha + 127) / 255;
                        sb += ((row[at + 2] & 0xFF) * alpha + 127) / 255;
                        sa += alpha;
                    }
                }
                case RGBA_PREMULTIPLIED -> {
                    for (; x < end; x++, at += 4) {
                        sr += row[at] & 0xFF;
                        sg += row[at + 1] & 0xFF;
                        sb += row[at + 2] & 0xFF;
                        sa += row[at + 3] & 0xFF;
                    }
                }
            }
            r[box] += sr;
            g[box] += sg;
            b[box] += sb;
            a[box] += layout == Layout.RGB ? 255L * boxWidth(box) : sa;
        }
        rowAdded();
    }

    private void rowAdded() {
        rowsIn++;
        rowsInBand++;
        if (rowsInBand == factor || rowsIn == height) {
            emit();
        }
    }

    /**
     * A palette for {@link #addIndexed}: each premultiplied ARGB colour as four 16-bit lanes of one long (alpha, red,
     * green, blue from the top), so a pixel costs one look-up and one addition; 256 pixels cannot carry a lane over.
     */
    public static long[] lanes(int[] premultipliedArgb) {
        long[] lanes = new long[256]; // an index past the colours reads as transparent black, and is refused then
        for (int i = 0; i < premultipliedArgb.length; i++) {
            int c = premultipliedArgb[i];
            lanes[i] = (long) (c >>> 24) << 48 | (long) (c >> 16 & 0xFF) << 32 | (c >> 8 & 0xFF) << 16 | c & 0xFF;
        }
        return lanes;
    }

    /**
     * Adds the next row of palette indices: {@code width} of them from {@code offset}, each naming a colour of
     * {@code palette} ({@link #lanes}), summed straight from the palette rather than through a row of samples.
     *
     * @return the largest index of the row, for the caller to check against its colour table
     */
    public int addIndexed(byte[] indices, int offset, long[] palette) {
        int at = offset, largest = 0;
        for (int box = 0, x = 0; box < outWidth; box++) {
            int end = Math.min(width, x + factor);
            while (x < end) {
                int chunk = Math.min(end, x + 256);
                long sum = 0;
                for (; x < chunk; x++, at++) {
                    int index = indices[at] & 0xFF;
                    largest = Math.max(largest, index);
                    sum += palette[index];
                }
                a[box] += sum >>> 48;
                r[box] += sum >>> 32 & 0xFFFF;
                g[box] += sum >>> 16 & 0xFFFF;
                b[box] += sum & 0xFFFF;
            }
        }
        rowAdded();
        return largest;
    }

    /** The reduced image, complete once every row of the window was added. */
    public BufferedImage result() {
        if (rowsIn != height) {
            throw new IllegalStateException(rowsIn + " of " + height + " rows added");
        }
        return out;
    }

    private void emit() {
        int y = (rowsIn - 1) / factor;
        for (int box = 0; box < outWidth; box++) {
            long count = (long) boxWidth(box) * rowsInBand, half = count / 2;
            int pa = (int) ((a[box] + half) / count);
            int pr = (int) ((r[box] + half) / count);
            int pg = (int) ((g[box] + half) / count);
            int pb = (int) ((b[box] + half) / count);
            pixels[y * outWidth + box] = pa << 24 | pr << 16 | pg << 8 | pb;
            a[box] = r[box] = g[box] = b[box] = 0;
        }
        rowsInBand = 0;
    }

    private int boxWidth(int box) {
        return Math.min(factor, width - box * factor);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
