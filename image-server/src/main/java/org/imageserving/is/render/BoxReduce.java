package org.imageserving.is.render;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Averages rows, as a decoder delivers them top to bottom, into boxes of {@code factor} × {@code factor} source pixels
 * (the last box of a row or column takes what remains), so a strip or row decoder reduces a source without ever holding
 * it at full size. The average is taken of premultiplied values, like the resampler's, so transparent pixels lend no
 * colour. It is the first part of a large reduction, as libjpeg's DCT scaling is for JPEG; the caller leaves at least
 * a factor of two to the resampler and its proper filter.
 *
 * <p>A row comes as 8-bit samples of a {@link Layout} ({@link #add}), as 16-bit RGB rounded to 8 bits on the way
 * ({@link #addRgb16}), or as palette indices or gray levels summed from their colours ({@link #addIndexed}); all
 * reach the same box sums and one rounding ({@code emit}).
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

    /** {@code -Dimageserving.vectorResampler=false} turns the column sums' vector loops off, as the resampler's. */
    private static final boolean VECTORS = RowPass.vectorized();
    /** Boxes up to 16 × 16 pixels keep palette colours packed a whole band: 256 × 255 cannot carry out of a lane. */
    private static final int MAX_PACKED_FACTOR = 16;
    /** Rows an int column sum holds before it must be folded: 255 a row. */
    private static final int MAX_COLUMN_ROWS = Integer.MAX_VALUE / 255;

    private final int width;
    private final int height;
    private final int factor;
    private final int outWidth;
    private final boolean vectors;
    private final long[] a, r, g, b;
    private final BufferedImage out;
    private final int[] pixels;
    /** Per sample of a row, the sums of the rows not yet folded into boxes ({@link #addColumns}). */
    private int[] columns;
    private Layout columnsLayout;
    private int columnRows;
    /** Per pixel of a row, the packed palette colours of the band's rows ({@link #addIndexed}). */
    private long[] packedColumns;
    private int packedRows;
    private int rowsIn;
    private int rowsInBand;

    /** @param width and {@code height}: of the source window the rows cover */
    public BoxReduce(int width, int height, int factor) {
        this(width, height, factor, VECTORS);
    }

    /** @param vectors whether the column sums take the Vector API; the tests hold both ways to the same pixels */
    BoxReduce(int width, int height, int factor, boolean vectors) {
        this.width = width;
        this.height = height;
        this.factor = factor;
        this.vectors = vectors;
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
        if (layout != Layout.RGBA_UNASSOCIATED) {
            int[] sums = columns(layout);
            int n = sums.length;
            for (int i = vectors ? VectorColumns.add(row, offset, sums) : 0; i < n; i++) {
                sums[i] += row[offset + i] & 0xFF;
            }
            columnAdded();
            return;
        }
        // unassociated alpha: each pixel is premultiplied, with the resampler's rounding, before it is summed
        int at = offset;
        for (int box = 0, x = 0; box < outWidth; box++) {
            int end = Math.min(width, x + factor);
            long sa = 0, sr = 0, sg = 0, sb = 0;
            for (; x < end; x++, at += 4) {
                int alpha = row[at + 3] & 0xFF;
                sr += ((row[at] & 0xFF) * alpha + 127) / 255;
                sg += ((row[at + 1] & 0xFF) * alpha + 127) / 255;
                sb += ((row[at + 2] & 0xFF) * alpha + 127) / 255;
                sa += alpha;
            }
            r[box] += sr;
            g[box] += sg;
            b[box] += sb;
            a[box] += sa;
        }
        rowAdded();
    }

    /**
     * Adds the next row of {@code width} 16-bit big-endian RGB pixels from {@code offset}, each sample first rounded
     * to 8 bits as {@link #eight} does.
     */
    public void addRgb16(byte[] row, int offset) {
        int[] sums = columns(Layout.RGB);
        int n = sums.length;
        for (int i = vectors ? VectorColumns.add16(row, offset, sums) : 0, j = offset + 2 * i; i < n; i++, j += 2) {
            sums[i] += eight(row[j] & 0xFF, row[j + 1] & 0xFF);
        }
        columnAdded();
    }

    /**
     * The 16-bit sample {@code hi} × 256 + {@code lo} rounded to the nearest of the 256 levels,
     * {@code (v * 255 + 32767) / 65535}: that is {@code hi - 1} when {@code lo < hi - 128}, {@code hi + 1} when
     * {@code lo > hi + 128}, else {@code hi} (checked for every v by {@code BoxReduceTest}); shifts instead of a
     * division a sample.
     */
    static int eight(int hi, int lo) {
        int d = lo - hi + 128;
        return hi + (d >> 31) + ((256 - d) >>> 31);
    }

    /** Rounds 16-bit big-endian samples to 8 bits as {@link #addRgb16} does, for rows that carry alpha. */
    public static void toEight(byte[] sixteen, byte[] eight) {
        for (int i = 0, j = 0; j < eight.length; i += 2, j++) {
            eight[j] = (byte) eight(sixteen[i] & 0xFF, sixteen[i + 1] & 0xFF);
        }
    }

    /**
     * Samples that add as they are (RGB, premultiplied RGBA) are summed down the columns first, 8 a step with the
     * Vector API, and folded into boxes once per band: summing box by box, pixel by pixel, was 15 % of a 12 MP LZW
     * TIFF's reply, and the Vector API's loop took half the time of eight samples a long (SWAR) on the same rows.
     */
    private int[] columns(Layout layout) {
        if (columnsLayout != layout) {
            foldColumns();
            columnsLayout = layout;
            columns = new int[width * layout.samples];
        }
        return columns;
    }

    private void columnAdded() {
        if (++columnRows == MAX_COLUMN_ROWS) {
            foldColumns();
        }
        rowAdded();
    }

    private void foldColumns() {
        if (columnRows == 0) {
            return;
        }
        int[] sums = columns;
        if (columnsLayout == Layout.RGB) {
            for (int box = 0, x = 0; box < outWidth; box++) {
                int end = Math.min(width, x + factor);
                long sr = 0, sg = 0, sb = 0;
                for (int at = x * 3; x < end; x++, at += 3) {
                    sr += sums[at];
                    sg += sums[at + 1];
                    sb += sums[at + 2];
                }
                r[box] += sr;
                g[box] += sg;
                b[box] += sb;
                a[box] += 255L * boxWidth(box) * columnRows;
            }
        } else {
            for (int box = 0, x = 0; box < outWidth; box++) {
                int end = Math.min(width, x + factor);
                long sa = 0, sr = 0, sg = 0, sb = 0;
                for (int at = x * 4; x < end; x++, at += 4) {
                    sr += sums[at];
                    sg += sums[at + 1];
                    sb += sums[at + 2];
                    sa += sums[at + 3];
                }
                r[box] += sr;
                g[box] += sg;
                b[box] += sb;
                a[box] += sa;
            }
        }
        Arrays.fill(sums, 0);
        columnRows = 0;
    }

    private void rowAdded() {
        rowsIn++;
        rowsInBand++;
        if (rowsInBand == factor || rowsIn == height) {
            foldColumns();
            foldPackedColumns();
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
     * Adds the next row of palette indices (or gray levels, with a gray ramp for palette): {@code width} of them from
     * {@code offset}, each naming a colour of {@code palette} ({@link #lanes}), summed straight from the palette
     * rather than through a row of samples. Boxes up to {@link #MAX_PACKED_FACTOR} wide keep the packed colours
     * down each column a whole band long and unpack once per box and band.
     *
     * @return the largest index of the row, for the caller to check against its colour table
     */
    public int addIndexed(byte[] indices, int offset, long[] palette) {
        int largest = 0;
        if (factor <= MAX_PACKED_FACTOR) {
            if (packedColumns == null) {
                packedColumns = new long[width];
            }
            long[] sums = packedColumns;
            for (int x = 0; x < width; x++) {
                int index = indices[offset + x] & 0xFF;
                largest = Math.max(largest, index);
                sums[x] += palette[index];
            }
            packedRows++;
            rowAdded();
            return largest;
        }
        for (int box = 0, x = offset, last = offset + width; box < outWidth; box++) {
            int end = Math.min(last, x + factor);
            while (x < end) {
                int chunk = Math.min(end, x + 256);
                long sum = 0;
                for (; x < chunk; x++) {
                    int index = indices[x] & 0xFF;
                    largest = Math.max(largest, index);
                    sum += palette[index];
                }
                unpack(box, sum);
            }
        }
        rowAdded();
        return largest;
    }

    private void foldPackedColumns() {
        if (packedRows == 0) {
            return;
        }
        for (int box = 0, x = 0; box < outWidth; box++) {
            long sum = 0;
            for (int end = Math.min(width, x + factor); x < end; x++) {
                sum += packedColumns[x];
            }
            unpack(box, sum);
        }
        Arrays.fill(packedColumns, 0);
        packedRows = 0;
    }

    private void unpack(int box, long lanes) {
        a[box] += lanes >>> 48;
        r[box] += lanes >>> 32 & 0xFFFF;
        g[box] += lanes >>> 16 & 0xFFFF;
        b[box] += lanes & 0xFFFF;
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
            int pixel;
            if (count <= MAX_INT_COUNT) { // every sum is at most 255 × count: 32-bit divisions, several times faster
                int c = (int) count, h = (int) half;
                pixel = (int) (a[box] + h) / c << 24 | (int) (r[box] + h) / c << 16 | (int) (g[box] + h) / c << 8
                        | (int) (b[box] + h) / c;
            } else {
                pixel = (int) ((a[box] + half) / count) << 24 | (int) ((r[box] + half) / count) << 16
                        | (int) ((g[box] + half) / count) << 8 | (int) ((b[box] + half) / count);
            }
            pixels[y * outWidth + box] = pixel;
            a[box] = r[box] = g[box] = b[box] = 0;
        }
        rowsInBand = 0;
    }

    /** The largest pixel count of a box whose sums, with half the count added, stay inside an int. */
    private static final long MAX_INT_COUNT = Integer.MAX_VALUE / 256;

    private int boxWidth(int box) {
        return Math.min(factor, width - box * factor);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
