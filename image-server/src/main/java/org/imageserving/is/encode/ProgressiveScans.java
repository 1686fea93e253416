package org.imageserving.is.encode;

import java.io.ByteArrayOutputStream;
import org.imageserving.is.encode.JpegCoefficients.Component;
import org.imageserving.is.encode.JpegCoefficients.Frame;

/**
 * {@code pscan=3|4|5}: rewrites a baseline JPEG, as {@link JpegEncoder} writes it, as a progressive JPEG refined in
 * that many passes, without touching a coefficient (the pixels decode exactly as the baseline's). The JDK's writer
 * offers only its own progression: given a scan script of ours it fails in native code.
 *
 * <p>Our reading of the passes (the page compares them to Photoshop's "Scans" setting, which it does not define): the
 * first pass carries every component's DC coefficients (the 1/8 scale preview), each further pass a band of AC
 * coefficients in zig-zag order for every component. A colour image has one scan per component and band (JPEG codes AC
 * bands one component at a time), a gray one a scan per pass. Only spectral selection is used (no successive
 * approximation); each scan gets optimal Huffman tables of its own, as libjpeg's progression does.
 */
final class ProgressiveScans {
    /** The zig-zag bands after the DC pass, per number of passes. */
    private static final int[][][] BANDS = {
            {{1, 5}, {6, 63}},
            {{1, 2}, {3, 9}, {10, 63}},
            {{1, 2}, {3, 5}, {6, 14}, {15, 63}}};

    private ProgressiveScans() {}

    static byte[] rewrite(byte[] jpeg, int passes) {
        if (passes < 3 || passes > 5) {
            throw new IllegalArgumentException("passes: " + passes);
        }
        JpegCoefficients parsed = JpegCoefficients.read(jpeg);
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 256);
        out.write(0xFF);
        out.write(0xD8);
        for (byte[] segment : parsed.segments()) {
            if ((segment[1] & 0xFF) == 0xC0) {
                segment = segment.clone();
                segment[1] = (byte) 0xC2; // the same frame, progressive
            }
            out.writeBytes(segment);
        }
        Frame frame = parsed.frame();
        int[] all = new int[frame.components.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        scan(out, frame, all, 0, 0);
        for (int[] band : BANDS[passes - 3]) {
            for (int c = 0; c < frame.components.length; c++) {
                scan(out, frame, new int[] {c}, band[0], band[1]);
            }
        }
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray();
    }

    // ---- the progressive scans

    /** Where a scan's symbols go: counted for its Huffman tables, then written with them. */
    private interface Sink {
        void symbol(int table, int symbol);

        void bits(int value, int n);
    }

    /**
     * One scan, twice: its symbols are counted first, so that it gets Huffman tables of its own (a DHT segment before
     * its SOS, as progressive files do) and runs of empty blocks (EOBRUN) can be coded, which the standard tables
     * cannot.
     */
    private static void scan(ByteArrayOutputStream out, Frame f, int[] indexes, int start, int end) {
        Component[] scan = new Component[indexes.length];
        for (int i = 0; i < scan.length; i++) {
            scan[i] = f.components[indexes[i]];
        }
        boolean dc = start == 0;
        long[][] frequencies = new long[4][257];
        emit(f, scan, start, end, new Sink() {
            @Override
            public void symbol(int table, int symbol) {
                frequencies[table][symbol]++;
            }

            @Override
            public void bits(int value, int n) {}
        });
        JpegHuffman[] tables = new JpegHuffman[4];
        for (int t = 0; t < 4; t++) {
            if (used(frequencies[t])) {
                int[][] table = OptimalHuffman.table(frequencies[t]);
                tables[t] = new JpegHuffman(table[0], table[1]);
                writeTable(out, dc ? 0 : 1, t, table[0], table[1]);
            }
        }
        int length = 6 + 2 * scan.length;
        out.write(0xFF);
        out.write(0xDA);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(scan.length);
        for (Component c : scan) {
            out.write(c.id);
            out.write(dc ? c.dcTable << 4 : c.acTable);
        }
        out.write(start);
        out.write(end);
        out.write(0); // Ah = Al = 0: no successive approximation
        JpegBits.Writer writer = new JpegBits.Writer(out);
        emit(f, scan, start, end, new Sink() {
            @Override
            public void symbol(int table, int symbol) {
                tables[table].encode(writer, symbol);
            }

            @Override
            public void bits(int value, int n) {
                writer.write(value, n);
            }
        });
        writer.flush();
    }

    private static boolean used(long[] frequencies) {
        for (long n : frequencies) {
            if (n > 0) {
                return true;
            }
        }
        return false;
    }

    private static void writeTable(ByteArrayOutputStream out, int tableClass, int id, int[] counts, int[] symbols) {
        int length = 2 + 1 + 16 + symbols.length;
        out.write(0xFF);
        out.write(0xC4);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(tableClass << 4 | id);
        for (int l = 1; l <= 16; l++) {
            out.write(counts[l]);
        }
        for (int symbol : symbols) {
            out.write(symbol);
        }
    }

    private static void emit(Frame f, Component[] scan, int start, int end, Sink sink) {
        if (start == 0) {
            int[] predictors = new int[scan.length];
            if (scan.length == 1) {
                Component c = scan[0];
                for (int y = 0; y < c.usedHigh; y++) {
                    for (int x = 0; x < c.usedWide; x++) {
                        predictors[0] = dc(sink, c, (y * c.blocksWide + x) * 64, predictors[0]);
                    }
                }
                return;
            }
            for (int my = 0; my < f.mcusHigh; my++) {
                for (int mx = 0; mx < f.mcusWide; mx++) {
                    for (int i = 0; i < scan.length; i++) {
                        Component c = scan[i];
                        for (int v = 0; v < c.v; v++) {
                            for (int h = 0; h < c.h; h++) {
                                int block = (my * c.v + v) * c.blocksWide + mx * c.h + h;
                                predictors[i] = dc(sink, c, block * 64, predictors[i]);
                            }
                        }
                    }
                }
            }
            return;
        }
        Component c = scan[0];
        int eobRun = 0;
        for (int y = 0; y < c.usedHigh; y++) {
            for (int x = 0; x < c.usedWide; x++) {
                int at = (y * c.blocksWide + x) * 64;
                int run = 0;
                for (int k = start; k <= end; k++) {
                    int v = c.coefficients[at + k];
                    if (v == 0) {
                        run++;
                        continue;
                    }
                    eobRun = endOfBands(sink, c.acTable, eobRun);
                    while (run > 15) {
                        sink.symbol(c.acTable, 0xF0);
                        run -= 16;
                    }
                    int size = size(v);
                    sink.symbol(c.acTable, (run << 4) | size);
                    sink.bits(value(v, size), size);
                    run = 0;
                }
                if (run > 0 && ++eobRun == 0x7FFF) {
                    eobRun = endOfBands(sink, c.acTable, eobRun);
                }
            }
        }
        endOfBands(sink, c.acTable, eobRun);
    }

    /** Codes a run of blocks whose band has ended (EOBn: n = the run's bit length − 1, then its low n bits). */
    private static int endOfBands(Sink sink, int table, int eobRun) {
        if (eobRun > 0) {
            int n = 31 - Integer.numberOfLeadingZeros(eobRun);
            sink.symbol(table, n << 4);
            sink.bits(eobRun - (1 << n), n);
        }
        return 0;
    }

    private static int dc(Sink sink, Component c, int at, int predictor) {
        int dc = c.coefficients[at];
        int diff = dc - predictor;
        int size = size(diff);
        sink.symbol(c.dcTable, size);
        sink.bits(value(diff, size), size);
        return dc;
    }

    private static int size(int v) {
        return v == 0 ? 0 : 32 - Integer.numberOfLeadingZeros(Math.abs(v));
    }

    private static int value(int v, int size) {
        return (v < 0 ? v - 1 : v) & ((1 << size) - 1);
    }
}
