package org.imageserving.is.encode;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        Parsed parsed = parse(jpeg);
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 256);
        out.write(0xFF);
        out.write(0xD8);
        for (byte[] segment : parsed.segments) {
            out.writeBytes(segment);
        }
        Frame frame = parsed.frame;
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

    // ---- the baseline file

    private static final class Component {
        int id, h, v, dcTable, acTable;
        int blocksWide, blocksHigh; // the MCU-padded grid
        int usedWide, usedHigh;     // the blocks that cover the component's own samples
        short[] coefficients;       // 64 per block, zig-zag order
    }

    private static final class Frame {
        int width, height, hMax, vMax, mcusWide, mcusHigh;
        Component[] components;
        Huffman[] dc = new Huffman[4], ac = new Huffman[4];
    }

    private record Parsed(List<byte[]> segments, Frame frame) {}

    private static Parsed parse(byte[] b) {
        if ((b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        List<byte[]> segments = new ArrayList<>();
        List<byte[]> tables = new ArrayList<>(); // DHT bodies, read once the frame is known
        Frame frame = null;
        int p = 2;
        while (p < b.length) {
            int marker = b[p + 1] & 0xFF;
            int length = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            int body = p + 4, end = p + 2 + length;
            switch (marker) {
                case 0xC0 -> {
                    frame = frame(b, body);
                    byte[] sof = Arrays.copyOfRange(b, p, end);
                    sof[1] = (byte) 0xC2; // progressive, Huffman
                    segments.add(sof);
                    p = end;
                    continue;
                }
                case 0xC4 -> tables.add(Arrays.copyOfRange(b, body, end));
                case 0xDD -> throw new IllegalArgumentException("restart intervals are not rewritten");
                case 0xDA -> {
                    if (frame == null) {
                        throw new IllegalArgumentException("scan before frame");
                    }
                    readTables(tables, frame);
                    decodeScan(b, body, end, frame);
                    return new Parsed(segments, frame);
                }
                default -> {
                    if (marker >= 0xC1 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                        throw new IllegalArgumentException("not a baseline JPEG");
                    }
                }
            }
            segments.add(Arrays.copyOfRange(b, p, end));
            p = end;
        }
        throw new IllegalArgumentException("no scan");
    }

    private static Frame frame(byte[] b, int p) {
        Frame f = new Frame();
        f.height = ((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF);
        f.width = ((b[p + 3] & 0xFF) << 8) | (b[p + 4] & 0xFF);
        int n = b[p + 5] & 0xFF;
        f.components = new Component[n];
        for (int i = 0; i < n; i++) {
            Component c = new Component();
            c.id = b[p + 6 + 3 * i] & 0xFF;
            c.h = (b[p + 7 + 3 * i] & 0xFF) >> 4;
            c.v = b[p + 7 + 3 * i] & 0x0F;
            f.hMax = Math.max(f.hMax, c.h);
            f.vMax = Math.max(f.vMax, c.v);
            f.components[i] = c;
        }
        f.mcusWide = ceil(f.width, 8 * f.hMax);
        f.mcusHigh = ceil(f.height, 8 * f.vMax);
        for (Component c : f.components) {
            c.blocksWide = f.mcusWide * c.h;
            c.blocksHigh = f.mcusHigh * c.v;
            c.usedWide = ceil(ceil(f.width * c.h, f.hMax), 8);
            c.usedHigh = ceil(ceil(f.height * c.v, f.vMax), 8);
            c.coefficients = new short[c.blocksWide * c.blocksHigh * 64];
        }
        return f;
    }

    private static void readTables(List<byte[]> tables, Frame f) {
        for (byte[] t : tables) {
            int q = 0;
            while (q < t.length) {
                int cls = (t[q] & 0xFF) >> 4, id = t[q] & 0x0F;
                int[] counts = new int[17];
                int total = 0;
                for (int l = 1; l <= 16; l++) {
                    counts[l] = t[q + l] & 0xFF;
                    total += counts[l];
                }
                int[] symbols = new int[total];
                for (int i = 0; i < total; i++) {
                    symbols[i] = t[q + 17 + i] & 0xFF;
                }
                (cls == 0 ? f.dc : f.ac)[id] = new Huffman(counts, symbols);
                q += 17 + total;
            }
        }
    }

    private static void decodeScan(byte[] b, int p, int end, Frame f) {
        int n = b[p] & 0xFF;
        Component[] scan = new Component[n];
        for (int i = 0; i < n; i++) {
            int id = b[p + 1 + 2 * i] & 0xFF;
            for (Component c : f.components) {
                if (c.id == id) {
                    scan[i] = c;
                }
            }
            scan[i].dcTable = (b[p + 2 + 2 * i] & 0xFF) >> 4;
            scan[i].acTable = b[p + 2 + 2 * i] & 0x0F;
        }
        if (n != f.components.length) {
            throw new IllegalArgumentException("a baseline file with more than one scan");
        }
        BitReader in = new BitReader(b, end);
        int[] predictors = new int[n];
        if (n == 1) {
            Component c = scan[0];
            for (int y = 0; y < c.usedHigh; y++) {
                for (int x = 0; x < c.usedWide; x++) {
                    predictors[0] = decodeBlock(in, f, c, (y * c.blocksWide + x) * 64, predictors[0]);
                }
            }
            return;
        }
        for (int my = 0; my < f.mcusHigh; my++) {
            for (int mx = 0; mx < f.mcusWide; mx++) {
                for (int i = 0; i < n; i++) {
                    Component c = scan[i];
                    for (int v = 0; v < c.v; v++) {
                        for (int h = 0; h < c.h; h++) {
                            int block = (my * c.v + v) * c.blocksWide + mx * c.h + h;
                            predictors[i] = decodeBlock(in, f, c, block * 64, predictors[i]);
                        }
                    }
                }
            }
        }
    }

    private static int decodeBlock(BitReader in, Frame f, Component c, int at, int predictor) {
        int s = f.dc[c.dcTable].decode(in);
        int dc = predictor + extend(in.bits(s), s);
        c.coefficients[at] = (short) dc;
        Huffman ac = f.ac[c.acTable];
        for (int k = 1; k < 64; k++) {
            int rs = ac.decode(in);
            int r = rs >> 4, size = rs & 15;
            if (size == 0) {
                if (r != 15) {
                    break;
                }
                k += 15;
                continue;
            }
            k += r;
            c.coefficients[at + k] = (short) extend(in.bits(size), size);
        }
        return dc;
    }

    private static int extend(int v, int size) {
        return size == 0 ? 0 : v < (1 << (size - 1)) ? v - (1 << size) + 1 : v;
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
        Huffman[] tables = new Huffman[4];
        for (int t = 0; t < 4; t++) {
            if (used(frequencies[t])) {
                int[][] table = OptimalHuffman.table(frequencies[t]);
                tables[t] = new Huffman(table[0], table[1]);
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
        BitWriter writer = new BitWriter(out);
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

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    /** A canonical Huffman table (JPEG Annex C), for decoding and encoding. */
    private static final class Huffman {
        final int[] maxCode = new int[18], valueOffset = new int[17];
        final int[] symbols;
        final int[] code = new int[256], length = new int[256];

        Huffman(int[] counts, int[] symbols) {
            this.symbols = symbols;
            int c = 0, k = 0;
            for (int l = 1; l <= 16; l++) {
                valueOffset[l] = k - c;
                for (int i = 0; i < counts[l]; i++) {
                    code[symbols[k]] = c;
                    length[symbols[k]] = l;
                    k++;
                    c++;
                }
                maxCode[l] = counts[l] == 0 ? -1 : c - 1;
                c <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        int decode(BitReader in) {
            int c = in.bit();
            int l = 1;
            while (l <= 16 && c > maxCode[l]) {
                c = (c << 1) | in.bit();
                l++;
            }
            if (l > 16) {
                throw new IllegalArgumentException("bad Huffman code");
            }
            return symbols[c + valueOffset[l]];
        }

        void encode(BitWriter out, int symbol) {
            if (length[symbol] == 0) {
                throw new IllegalArgumentException("no Huffman code for symbol " + symbol);
            }
            out.write(code[symbol], length[symbol]);
        }
    }

    private static final class BitReader {
        private final byte[] b;
        private int p, bits, count;

        BitReader(byte[] b, int p) {
            this.b = b;
            this.p = p;
        }

        int bit() {
            if (count == 0) {
                int v = b[p++] & 0xFF;
                if (v == 0xFF) {
                    int next = b[p] & 0xFF;
                    if (next == 0) {
                        p++;
                    } else {
                        v = 0; // a marker: the data has ended; pad with zeros (never read by valid data)
                        p--;
                    }
                }
                bits = v;
                count = 8;
            }
            count--;
            return (bits >> count) & 1;
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }
    }

    private static final class BitWriter {
        private final ByteArrayOutputStream out;
        private int bits, count;

        BitWriter(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(int value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                bits = (bits << 1) | ((value >> i) & 1);
                if (++count == 8) {
                    emit();
                }
            }
        }

        private void emit() {
            out.write(bits);
            if (bits == 0xFF) {
                out.write(0); // byte stuffing
            }
            bits = 0;
            count = 0;
        }

        /** Pads the last byte with 1 bits, as the standard asks. */
        void flush() {
            if (count > 0) {
                write(0x7F, 8 - count);
            }
        }
    }
}
