package org.imageserving.is.encode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A baseline JPEG as {@link JpegEncoder} writes it (one scan, interleaved or single-component, no restart intervals)
 * read back to its quantised DCT coefficients, without an inverse DCT: what {@link ProgressiveScans} re-codes.
 *
 * @param segments the marker segments before the scan except the Huffman tables (the frame header among them)
 */
record JpegCoefficients(List<byte[]> segments, JpegCoefficients.Frame frame) {

    static final class Component {
        int id, h, v, dcTable, acTable;
        int blocksWide, blocksHigh; // the MCU-padded grid
        int usedWide, usedHigh;     // the blocks that cover the component's own samples
        short[] coefficients;       // 64 per block, zig-zag order
    }

    static final class Frame {
        int width, height, hMax, vMax, mcusWide, mcusHigh;
        Component[] components;
        JpegHuffman[] dc = new JpegHuffman[4], ac = new JpegHuffman[4];
    }

    /** Reads {@code b}, which must be a baseline JPEG with one scan and no restart intervals. */
    static JpegCoefficients read(byte[] b) {
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
                case 0xC0 -> frame = frame(b, body);
                case 0xC4 -> {
                    // read, not kept: the rewritten file brings tables of its own
                    tables.add(Arrays.copyOfRange(b, body, end));
                    p = end;
                    continue;
                }
                case 0xDD -> throw new IllegalArgumentException("restart intervals are not rewritten");
                case 0xDA -> {
                    if (frame == null) {
                        throw new IllegalArgumentException("scan before frame");
                    }
                    readTables(tables, frame);
                    decodeScan(b, body, end, frame);
                    return new JpegCoefficients(segments, frame);
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
                (cls == 0 ? f.dc : f.ac)[id] = new JpegHuffman(counts, symbols);
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
        JpegBits.Reader in = new JpegBits.Reader(b, end);
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

    private static int decodeBlock(JpegBits.Reader in, Frame f, Component c, int at, int predictor) {
        int s = f.dc[c.dcTable].decode(in);
        int dc = predictor + extend(in.bits(s), s);
        c.coefficients[at] = (short) dc;
        JpegHuffman ac = f.ac[c.acTable];
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

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

}
