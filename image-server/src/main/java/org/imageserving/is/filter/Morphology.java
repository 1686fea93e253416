package org.imageserving.is.filter;

import java.util.Arrays;

/**
 * Gray-level dilation (maximum) and erosion (minimum) of one 8-bit plane with a disc: every offset (dx, dy) with
 * dx² + dy² ≤ radius². Our choice (the pages say only "morphological dilate/erode" with a radius): a disc, so a grown
 * shape keeps its round corners, as Photoshop's "Expand" does. The window is clipped at the image edges: an edge is
 * neither grown into nor eaten from, so an opaque image stays opaque whatever the radius.
 *
 * <p>A disc is a stack of horizontal runs, one per row offset; each run is a sliding maximum in O(1) per pixel (van
 * Herk / Gil–Werman), and rows with the same half-width share one pass, so the cost is O(radius · pixels).
 */
final class Morphology {
    private Morphology() {}

    /** Dilates ({@code grow}) or erodes {@code plane} ({@code width} × rows) in place; radii below 1 change nothing. */
    static void apply(int[] plane, int width, double radius, boolean grow) {
        int reach = (int) Math.floor(radius + 1e-9);
        if (reach < 1 || plane.length == 0) {
            return;
        }
        int height = plane.length / width;
        int identity = grow ? 0 : 255;
        int[] out = new int[plane.length];
        Arrays.fill(out, identity);
        int[] pass = new int[plane.length];
        // One horizontal pass per distinct half-width (they shrink as the row offset grows), applied to every row
        // offset that has it.
        int[] halfWidths = new int[reach + 1];
        for (int d = 0; d <= reach; d++) {
            halfWidths[d] = (int) Math.floor(Math.sqrt(radius * radius - (double) d * d) + 1e-9);
        }
        int d = 0;
        while (d <= reach) {
            int halfWidth = halfWidths[d];
            horizontal(plane, pass, width, height, halfWidth, grow);
            while (d <= reach && halfWidths[d] == halfWidth) {
                merge(pass, out, width, height, d, grow);
                if (d != 0) {
                    merge(pass, out, width, height, -d, grow);
                }
                d++;
            }
        }
        System.arraycopy(out, 0, plane, 0, plane.length);
    }

    /** {@code out[y] = max/min(out[y], pass[y + dy])} for the rows where y + dy is inside the image. */
    private static void merge(int[] pass, int[] out, int width, int height, int dy, boolean grow) {
        for (int y = Math.max(0, -dy); y < Math.min(height, height - dy); y++) {
            int to = y * width, from = (y + dy) * width;
            for (int x = 0; x < width; x++) {
                int v = pass[from + x];
                int o = out[to + x];
                out[to + x] = grow ? Math.max(o, v) : Math.min(o, v);
            }
        }
    }

    /** The maximum (or minimum) of each row over [x − halfWidth, x + halfWidth], clipped to the row. */
    private static void horizontal(int[] plane, int[] pass, int width, int height, int halfWidth, boolean grow) {
        if (halfWidth == 0) {
            System.arraycopy(plane, 0, pass, 0, plane.length);
            return;
        }
        int m = 2 * halfWidth + 1;
        int padded = width + 2 * halfWidth;
        int[] row = new int[padded], prefix = new int[padded], suffix = new int[padded];
        int identity = grow ? 0 : 255;
        for (int y = 0; y < height; y++) {
            Arrays.fill(row, identity);
            System.arraycopy(plane, y * width, row, halfWidth, width);
            for (int i = 0; i < padded; i++) {
                prefix[i] = i % m == 0 ? row[i] : pick(prefix[i - 1], row[i], grow);
            }
            for (int i = padded - 1; i >= 0; i--) {
                suffix[i] = i % m == m - 1 || i == padded - 1 ? row[i] : pick(suffix[i + 1], row[i], grow);
            }
            for (int x = 0; x < width; x++) {
                // window [x, x + m − 1] of the padded row
                pass[y * width + x] = pick(suffix[x], prefix[x + m - 1], grow);
            }
        }
    }

    private static int pick(int a, int b, boolean grow) {
        return grow ? Math.max(a, b) : Math.min(a, b);
    }
}
