package org.imageserving.common.imaging.paths;

import java.awt.geom.Path2D;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A path saved in a Photoshop image resource (ids 2000-2997, in PSD, TIFF and JPEG files): 26-byte records of
 * subpaths and their knots, points stored as 8.24 fixed-point fractions of the image height and width. The shape is
 * returned in those unit coordinates (x and y from 0 to 1). Read by {@code ic} for clipping paths and by the Image
 * Server for {@code clipPathE=}.
 */
public final class PhotoshopPath {
    private static final int RECORD = 26;

    private PhotoshopPath() {}

    /** The subpaths of one path resource as cubic Bézier curves through their knots. */
    public static Path2D shape(byte[] data) {
        Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO);
        ByteBuffer in = ByteBuffer.wrap(data);
        List<double[]> knots = new ArrayList<>();
        boolean closed = false;
        int expected = 0;
        for (int at = 0; at + RECORD <= data.length; at += RECORD) {
            int selector = in.getShort(at) & 0xFFFF;
            switch (selector) {
                case 0, 3 -> {
                    addSubpath(path, knots, closed);
                    knots.clear();
                    closed = selector == 0;
                    expected = in.getShort(at + 2) & 0xFFFF;
                }
                case 1, 2, 4, 5 -> {
                    double[] knot = new double[6]; // preceding (y, x), anchor (y, x), leaving (y, x)
                    for (int k = 0; k < 6; k++) {
                        knot[k] = in.getInt(at + 2 + k * 4) / (double) (1 << 24);
                    }
                    if (knots.size() < expected) {
                        knots.add(knot);
                    }
                }
                default -> {
                    // fill rule and clipboard records do not change the outline
                }
            }
        }
        addSubpath(path, knots, closed);
        return path;
    }

    private static void addSubpath(Path2D.Double path, List<double[]> knots, boolean closed) {
        if (knots.size() < 2) {
            return;
        }
        double[] first = knots.get(0);
        path.moveTo(first[3], first[2]);
        for (int i = 1; i < knots.size(); i++) {
            curve(path, knots.get(i - 1), knots.get(i));
        }
        if (closed) {
            curve(path, knots.get(knots.size() - 1), first);
            path.closePath();
        }
    }

    private static void curve(Path2D.Double path, double[] from, double[] to) {
        path.curveTo(from[5], from[4], to[1], to[0], to[3], to[2]);
    }
}
