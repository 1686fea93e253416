package org.imageserving.is.png;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.imageserving.is.render.BoxReduce;
import org.imageserving.is.render.Pixels;

/**
 * The opaque rows a PNG gives (8- or 16-bit RGB, palette indices, gray levels) summed into boxes of {@code factor} ×
 * {@code factor} pixels, with exactly the sums, and so the pixels, of {@link BoxReduce}, at less cost a pixel:
 * RGB rows are first added down each column (8 samples at a time with the Vector API) and summed across
 * only once a band of {@code factor} rows is complete; palette colours are added as four 16-bit lanes of one long and
 * kept packed a whole band long. Samples with alpha, which must be premultiplied pixel by pixel, stay with
 * {@link BoxReduce}.
 */
final class BoxSums {
    /** {@code -Dimageserving.vectorResampler=false} turns these vector loops off too, as the resampler's. */
    private static final boolean VECTORS = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty("imageserving.vectorResampler"));
    /** Boxes up to 16 × 16 pixels keep their packed lanes for a whole band: 256 × 255 cannot carry out of a lane. */
    private static final int MAX_PACKED_FACTOR = 16;

    private final int width;
    private final int height;
    private final int factor;
    private final int outWidth;
    private final BufferedImage out;
    private final int[] pixels;
    private final int[] columns;
    private final long[] packedColumns;
    private final long[] a, r, g, b;
    private int rowsIn;
    private int rowsInBand;

    /** @param width and {@code height}: of the source window the rows cover */
    BoxSums(int width, int height, int factor) {
        this.width = width;
        this.height = height;
        this.factor = factor;
        this.outWidth = -Math.floorDiv(-width, factor);
        this.out = Pixels.create(outWidth, -Math.floorDiv(-height, factor));
        this.pixels = Pixels.data(out);
        this.columns = new int[3 * width];
        this.packedColumns = new long[factor <= MAX_PACKED_FACTOR ? width : 0];
        this.a = new long[outWidth];
        this.r = new long[outWidth];
        this.g = new long[outWidth];
        this.b = new long[outWidth];
    }

    /** Adds a row of {@code width} 8-bit RGB pixels from {@code offset}. */
    void addRgb(byte[] row, int offset) {
        int[] sums = columns;
        int n = sums.length;
        for (int i = VECTORS ? VectorColumns.add(row, offset, sums) : 0; i < n; i++) {
            sums[i] += row[offset + i] & 0xFF;
        }
        rowAdded(true);
    }

    /**
     * Adds a row of {@code width} 16-bit big-endian RGB pixels from {@code offset}, each sample first rounded to the
     * nearest of the 256 levels: {@code (v * 255 + 32767) / 65535}, which for {@code v = 256 hi + lo} is
     * {@code hi - 1} when {@code lo < hi - 128}, {@code hi + 1} when {@code lo > hi + 128}, else {@code hi} (checked
     * for every v by {@code BoxSumsTest}); shifts instead of a division a sample.
     */
    void addRgb16(byte[] row, int offset) {
        int[] sums = columns;
        int n = sums.length;
        int done = VECTORS ? VectorColumns.add16(row, offset, sums) : 0;
        for (int i = done, j = offset + 2 * done; i < n; i++, j += 2) {
            sums[i] += eight(row[j] & 0xFF, row[j + 1] & 0xFF);
        }
        rowAdded(true);
    }

    /** The 16-bit sample {@code hi} × 256 + {@code lo} rounded to 8 bits, as {@link #addRgb16} sums it. */
    static int eight(int hi, int lo) {
        int d = lo - hi + 128;
        return hi + (d >> 31) + ((256 - d) >>> 31);
    }

    /** Rounds 16-bit big-endian samples to 8 bits as {@link #eight} does, for rows {@link BoxReduce} sums. */
    static void toEight(byte[] sixteen, byte[] eight) {
        for (int i = 0, j = 0; j < eight.length; i += 2, j++) {
            eight[j] = (byte) eight(sixteen[i] & 0xFF, sixteen[i + 1] & 0xFF);
        }
    }

    /**
     * Adds a row of {@code width} palette indices (or gray levels) from {@code offset}, each naming a colour of
     * {@code palette} (as {@link BoxReduce#lanes} packs it); the caller has checked that each index has a colour.
     */
    void addIndexed(byte[] indices, int offset, long[] palette) {
        if (factor <= MAX_PACKED_FACTOR) {
            long[] sums = packedColumns;
            for (int x = 0; x < width; x++) {
                sums[x] += palette[indices[offset + x] & 0xFF];
            }
            rowAdded(false);
            return;
        }
        for (int box = 0, x = offset, last = offset + width; box < outWidth; box++) {
            int end = Math.min(last, x + factor);
            while (x < end) {
                int chunk = Math.min(end, x + 256);
                long sum = 0;
                for (; x < chunk; x++) {
                    sum += palette[indices[x] & 0xFF];
                }
                unpack(box, sum);
            }
        }
        rowAdded(false);
    }

    private void unpack(int box, long lanes) {
        a[box] += lanes >>> 48;
        r[box] += lanes >>> 32 & 0xFFFF;
        g[box] += lanes >>> 16 & 0xFFFF;
        b[box] += lanes & 0xFFFF;
    }

    /** The reduced image, complete once every row of the window was added. */
    BufferedImage result() {
        if (rowsIn != height) {
            throw new IllegalStateException(rowsIn + " of " + height + " rows added");
        }
        return out;
    }

    private void rowAdded(boolean rgb) {
        rowsIn++;
        rowsInBand++;
        if (rowsInBand == factor || rowsIn == height) {
            if (rgb) {
                sumColumns();
            } else if (factor <= MAX_PACKED_FACTOR) {
                sumPackedColumns();
            }
            emit(rgb);
        }
    }

    /** The band's packed colour sums added across each box, then unpacked. */
    private void sumPackedColumns() {
        for (int box = 0; box < outWidth; box++) {
            long sum = 0;
            for (int x = box * factor, end = Math.min(width, x + factor); x < end; x++) {
                sum += packedColumns[x];
            }
            unpack(box, sum);
        }
        Arrays.fill(packedColumns, 0);
    }

    /** The band's column sums added across each box. */
    private void sumColumns() {
        for (int box = 0; box < outWidth; box++) {
            long sr = 0, sg = 0, sb = 0;
            for (int i = 3 * box * factor, end = 3 * Math.min(width, (box + 1) * factor); i < end; i += 3) {
                sr += columns[i];
                sg += columns[i + 1];
                sb += columns[i + 2];
            }
            r[box] = sr;
            g[box] = sg;
            b[box] = sb;
        }
        Arrays.fill(columns, 0);
    }

    /** One output row, rounded as {@link BoxReduce} rounds it; opaque rows have alpha 255 by definition. */
    private void emit(boolean opaque) {
        int y = (rowsIn - 1) / factor;
        for (int box = 0; box < outWidth; box++) {
            long count = (long) Math.min(factor, width - box * factor) * rowsInBand, half = count / 2;
            int pa = opaque ? 255 : (int) ((a[box] + half) / count);
            int pr = (int) ((r[box] + half) / count);
            int pg = (int) ((g[box] + half) / count);
            int pb = (int) ((b[box] + half) / count);
            pixels[y * outWidth + box] = pa << 24 | pr << 16 | pg << 8 | pb;
            a[box] = r[box] = g[box] = b[box] = 0;
        }
        rowsInBand = 0;
    }
}
