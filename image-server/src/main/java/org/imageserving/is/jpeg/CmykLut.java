package org.imageserving.is.jpeg;

import java.awt.color.ColorSpace;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * A CMYK-to-sRGB conversion sampled once on a 17-point grid per ink (by the JDK's colour engine, in 16 bits) and
 * interpolated per pixel: tetrahedral in C, M, Y on the two nearest K planes, linear between them, which is how
 * LittleCMS itself evaluates an optimised 8-bit CMYK transform. Calling the engine per image cost 0.2 µs a pixel
 * through {@code ColorConvertOp} (a 1000 × 750 thumbnail source: 170 ms, half the whole CMYK render); this takes a
 * few nanoseconds, and the grid is built once per profile (83,521 nodes).
 */
final class CmykLut {
    private static final int GRID = 17;
    private static final int SY = 3, SM = 3 * GRID, SC = 3 * GRID * GRID, SK = 3 * GRID * GRID * GRID;
    /** For an 8-bit ink value: the grid cell it falls in and its weight towards the cell's upper node (0 to 256). */
    private static final int[] CELL = new int[256];
    private static final int[] WEIGHT = new int[256];

    static {
        for (int v = 0; v < 256; v++) {
            int scaled = v * (GRID - 1);
            CELL[v] = Math.min(scaled / 255, GRID - 2);
            WEIGHT[v] = Math.round((scaled - CELL[v] * 255) * 256f / 255);
        }
    }

    /** sRGB of every node, 16 bits, C M Y K nested K outermost, Y innermost. */
    private final int[] nodes;

    private CmykLut(int[] nodes) {
        this.nodes = nodes;
    }

    static CmykLut of(ColorSpace cmyk) {
        int count = GRID * GRID * GRID * GRID;
        short[] ink = new short[4 * count];
        int i = 0;
        for (int k = 0; k < GRID; k++) {
            for (int c = 0; c < GRID; c++) {
                for (int m = 0; m < GRID; m++) {
                    for (int y = 0; y < GRID; y++) {
                        ink[i++] = (short) (c * 65535 / (GRID - 1));
                        ink[i++] = (short) (m * 65535 / (GRID - 1));
                        ink[i++] = (short) (y * 65535 / (GRID - 1));
                        ink[i++] = (short) (k * 65535 / (GRID - 1));
                    }
                }
            }
        }
        WritableRaster source = Raster.createInterleavedRaster(new DataBufferUShort(ink, ink.length), count, 1,
                4 * count, 4, new int[] {0, 1, 2, 3}, null);
        WritableRaster rgb = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, count, 1, 3, null);
        new ColorConvertOp(cmyk, ColorSpace.getInstance(ColorSpace.CS_sRGB), null).filter(source, rgb);
        short[] out = ((DataBufferUShort) rgb.getDataBuffer()).getData();
        int[] nodes = new int[out.length];
        for (int n = 0; n < out.length; n++) {
            nodes[n] = out[n] & 0xFFFF;
        }
        return new CmykLut(nodes);
    }

    /** The opaque sRGB pixel (0xFFRRGGBB) of ink values c, m, y, k (0 to 255, 255 = full ink). */
    int argb(int c, int m, int y, int k) {
        int rc = WEIGHT[c], rm = WEIGHT[m], ry = WEIGHT[y], rk = WEIGHT[k];
        int base = CELL[c] * SC + CELL[m] * SM + CELL[y] * SY + CELL[k] * SK;
        // The tetrahedron of the cell that holds the point: three nodes besides the corners 000 and 111.
        int d1, d2, d3, w1, w2, w3;
        if (rc >= rm) {
            if (rm >= ry) { // c >= m >= y
                d1 = SC; d2 = SC + SM; w1 = rc; w2 = rm; w3 = ry;
            } else if (rc >= ry) { // c >= y > m
                d1 = SC; d2 = SC + SY; w1 = rc; w2 = ry; w3 = rm;
            } else { // y > c >= m
                d1 = SY; d2 = SC + SY; w1 = ry; w2 = rc; w3 = rm;
            }
        } else {
            if (rc >= ry) { // m > c >= y
                d1 = SM; d2 = SC + SM; w1 = rm; w2 = rc; w3 = ry;
            } else if (rm >= ry) { // m >= y > c
                d1 = SM; d2 = SM + SY; w1 = rm; w2 = ry; w3 = rc;
            } else { // y > m > c
                d1 = SY; d2 = SM + SY; w1 = ry; w2 = rm; w3 = rc;
            }
        }
        d3 = SC + SM + SY;
        int argb = 0xFF000000;
        for (int channel = 0; channel < 3; channel++) {
            int low = tetrahedral(base + channel, d1, d2, d3, w1, w2, w3);
            int high = tetrahedral(base + SK + channel, d1, d2, d3, w1, w2, w3);
            long value = (long) low * (256 - rk) + (long) high * rk; // 16-bit value scaled by 65536
            int eight = (int) ((value * 255 + (65535L << 15)) / (65535L << 16));
            argb |= eight << (16 - 8 * channel);
        }
        return argb;
    }

    /** Node 000 plus the weighted steps along the tetrahedron's edges, scaled by 256. */
    private int tetrahedral(int at, int d1, int d2, int d3, int w1, int w2, int w3) {
        int v0 = nodes[at], v1 = nodes[at + d1], v2 = nodes[at + d2], v3 = nodes[at + d3];
        return (v0 << 8) + w1 * (v1 - v0) + w2 * (v2 - v1) + w3 * (v3 - v2);
    }
}
