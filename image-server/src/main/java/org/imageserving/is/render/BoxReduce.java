package org.imageserving.is.render;

import java.awt.image.BufferedImage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

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
    /** Per sample of a row, the sums of the band's rows not yet folded into boxes ({@link #addColumns}). */
    private long[] evenLanes, oddLanes;
    private int[] tail, columns;
    private Layout columnsLayout;
    private int columnRows;
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
        if (layout != Layout.RGBA_UNASSOCIATED) {
            addColumns(row, offset, layout);
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
     * Samples that add as they are (RGB, premultiplied RGBA) are summed down the columns first and folded into boxes
     * once per band: summing box by box, pixel by pixel, was 15 % of a 12 MP LZW TIFF's reply. The column sums take
     * eight samples a step: a long read from the row splits into its even and its odd bytes, four 16-bit lanes each
     * (the JIT of Java 17 does not vectorise byte-to-int loops). A lane holds 257 rows of 255; the sums are the same
     * integers as sample by sample.
     */
    private void addColumns(byte[] row, int offset, Layout layout) {
        int n = width * layout.samples, words = n >>> 3;
        if (columnsLayout != layout) {
            foldColumns();
            columnsLayout = layout;
            evenLanes = new long[words];
            oddLanes = new long[words];
            tail = new int[n & 7];
            columns = new int[n];
        }
        long[] even = evenLanes, odd = oddLanes;
        for (int w = 0, at = offset; w < words; w++, at += 8) {
            long word = (long) WORD.get(row, at);
            even[w] += word & LOW_BYTES;
            odd[w] += word >>> 8 & LOW_BYTES;
        }
        for (int i = words << 3, t = 0; i < n; i++, t++) {
            tail[t] += row[offset + i] & 0xFF;
        }
        if (++columnRows == MAX_LANE_ROWS) {
            foldColumns();
        }
        rowAdded();
    }

    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BYTES = 0x00FF00FF00FF00FFL;
    /** Rows a 16-bit lane sums before it must be folded: 257 × 255 = 65535. */
    private static final int MAX_LANE_ROWS = 257;

    private void foldColumns() {
        if (columnRows == 0) {
            return;
        }
        int[] sums = columns;
        long[] even = evenLanes, odd = oddLanes;
        for (int w = 0, at = 0; w < even.length; w++, at += 8) {
            long e = even[w], o = odd[w];
            for (int lane = 0; lane < 4; lane++, e >>>= 16, o >>>= 16) {
                sums[at + 2 * lane] = (int) (e & 0xFFFF);
                sums[at + 2 * lane + 1] = (int) (o & 0xFFFF);
            }
        }
        System.arraycopy(tail, 0, sums, even.length << 3, tail.length);
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
        Arrays.fill(even, 0);
        Arrays.fill(odd, 0);
        Arrays.fill(tail, 0);
        columnRows = 0;
    }

    private void rowAdded() {
        rowsIn++;
        rowsInBand++;
        if (rowsInBand == factor || rowsIn == height) {
            foldColumns();
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
