package org.imageserving.is.filter;

/**
 * Gray-level dilation (maximum) and erosion (minimum) of one 8-bit plane with a disc: every offset (dx, dy) with
 * dx² + dy² ≤ radius². Our choice (the pages say only "morphological dilate/erode" with a radius): a disc, so a grown
 * shape keeps its round corners, as Photoshop's "Expand" does. The window is clipped at the image edges: an edge is
 * neither grown into nor eaten from, so an opaque image stays opaque whatever the radius.
 *
 * <p>A disc is a stack of horizontal runs, one per row offset, their half-widths shrinking away from the centre row.
 * The runs are built from the narrowest up, each one pixel wider on both sides than the last, and each is merged
 * into the rows it serves: O(radius · pixels) in loops simple enough for the JIT to vectorise. Erosion is the dilation
 * of the inverted plane.
 */
final class Morphology {
    private Morphology() {}

    /** Dilates ({@code grow}) or erodes {@code plane} ({@code width} × rows) in place; radii below 1 change nothing. */
    static void apply(int[] plane, int width, double radius, boolean grow) {
        int reach = (int) Math.floor(radius + 1e-9);
        if (reach < 1 || plane.length == 0 || constant(plane)) {
            return; // a flat plane (the alpha of an opaque image) stays as it is
        }
        if (!grow) {
            invert(plane);
        }
        dilate(plane, width, radius, reach);
        if (!grow) {
            invert(plane);
        }
    }

    private static void dilate(int[] plane, int width, double radius, int reach) {
        int height = plane.length / width;
        int[] halfWidths = new int[reach + 1];
        for (int d = 0; d <= reach; d++) {
            halfWidths[d] = (int) Math.floor(Math.sqrt(radius * radius - (double) d * d) + 1e-9);
        }
        int[] out = new int[plane.length]; // 0: nothing is darker, so the maximum starts there
        int[] run = plane.clone();         // the horizontal maximum over [x − w, x + w]
        int[] wider = new int[plane.length];
        int w = 0;
        // the outermost row offsets have the narrowest runs
        for (int d = reach; d >= 0; d--) {
            while (w < halfWidths[d]) {
                widen(run, wider, width, height);
                int[] t = run;
                run = wider;
                wider = t;
                w++;
            }
            merge(run, out, width, height, d);
            if (d != 0) {
                merge(run, out, width, height, -d);
            }
        }
        System.arraycopy(out, 0, plane, 0, plane.length);
    }

    /** {@code to[x] = max(from[x − 1], from[x], from[x + 1])} along each row, clipped to the row. */
    private static void widen(int[] from, int[] to, int width, int height) {
        for (int y = 0; y < height; y++) {
            int row = y * width;
            if (width == 1) {
                to[row] = from[row];
                continue;
            }
            to[row] = Math.max(from[row], from[row + 1]);
            for (int i = row + 1; i < row + width - 1; i++) {
                to[i] = Math.max(Math.max(from[i - 1], from[i]), from[i + 1]);
            }
            to[row + width - 1] = Math.max(from[row + width - 2], from[row + width - 1]);
        }
    }

    /** {@code out[y] = max(out[y], run[y + dy])} for the rows where y + dy is inside the image. */
    private static void merge(int[] run, int[] out, int width, int height, int dy) {
        int first = Math.max(0, -dy), last = Math.min(height, height - dy);
        if (last <= first) {
            return;
        }
        int to = first * width, from = (first + dy) * width, n = (last - first) * width;
        for (int i = 0; i < n; i++) {
            out[to + i] = Math.max(out[to + i], run[from + i]);
        }
    }

    private static boolean constant(int[] plane) {
        int first = plane[0];
        for (int v : plane) {
            if (v != first) {
                return false;
            }
        }
        return true;
    }

    private static void invert(int[] plane) {
        for (int i = 0; i < plane.length; i++) {
            plane[i] = 255 - plane[i];
        }
    }
}
