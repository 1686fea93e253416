package org.imageserving.is.render;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.imageserving.is.request.LayerCommands.Flip;

/**
 * Draws layer 0 into the reply canvas, reading only the source pixels that end up visible.
 *
 * <p>When the rotation is a whole number of quarter turns, crop, scale, flip, turn, extend and the view transform
 * together are one axis-aligned map: the visible reply rectangle is mapped back to a source window, that window is
 * decoded (reduced by the decoder for very large sources) and resampled once, straight to reply size, then mirrored
 * and turned exactly. Other angles build the layer at reply scale, rotate it with Java2D, and place the result
 * through the same map.
 */
final class LayerPlacement {
    /** Intermediate images of the rotation path are kept below this many pixels. */
    private static final long MAX_INTERMEDIATE_PIXELS = 16_000_000L;

    private LayerPlacement() {}

    /** The axis-aligned map from source pixels to reply pixels. */
    record AxisMap(Rectangle2D.Double crop, double layerScale, Flip flip, int quarterTurns, double layerWidth,
                   double layerHeight, double offsetX, double offsetY, double scaleX, double scaleY) {

        double[] forward(double x, double y) {
            double lx = (x - crop.x) * layerScale, ly = (y - crop.y) * layerScale;
            double fx = flip.horizontal ? layerWidth - lx : lx;
            double fy = flip.vertical ? layerHeight - ly : ly;
            double rx, ry;
            switch (quarterTurns) {
                case 1 -> { rx = layerHeight - fy; ry = fx; }
                case 2 -> { rx = layerWidth - fx; ry = layerHeight - fy; }
                case 3 -> { rx = fy; ry = layerWidth - fx; }
                default -> { rx = fx; ry = fy; }
            }
            return new double[] {offsetX + rx * scaleX, offsetY + ry * scaleY};
        }

        double[] inverse(double ox, double oy) {
            double rx = (ox - offsetX) / scaleX, ry = (oy - offsetY) / scaleY;
            double fx, fy;
            switch (quarterTurns) {
                case 1 -> { fx = ry; fy = layerHeight - rx; }
                case 2 -> { fx = layerWidth - rx; fy = layerHeight - ry; }
                case 3 -> { fx = layerWidth - ry; fy = rx; }
                default -> { fx = rx; fy = ry; }
            }
            double lx = flip.horizontal ? layerWidth - fx : fx;
            double ly = flip.vertical ? layerHeight - fy : fy;
            return new double[] {crop.x + lx / layerScale, crop.y + ly / layerScale};
        }

        /** Source pixels per reply pixel, the smaller of the two axes (how much the resampler averages). */
        double reduction() {
            return 1 / (layerScale * Math.max(scaleX, scaleY));
        }
    }

    static void draw(PixelSource source, Layout layout, BufferedImage canvas, Kernel kernel) {
        if (layout.quarterTurns() >= 0) {
            draw(source, new AxisMap(layout.crop(), layout.layerScale(), layout.flip(), layout.quarterTurns(),
                    layout.layerWidth(), layout.layerHeight(), layout.originX() + layout.extendLeft() * layout.scaleX(),
                    layout.originY() + layout.extendTop() * layout.scaleY(), layout.scaleX(), layout.scaleY()),
                    canvas, kernel);
            return;
        }
        // Any other angle: the layer at (about) reply scale, turned by Java2D in premultiplied alpha, then placed.
        double work = Math.max(layout.scaleX(), layout.scaleY());
        double boxPixels = layout.boxWidth() * layout.boxHeight() * work * work;
        if (boxPixels > MAX_INTERMEDIATE_PIXELS) {
            work *= Math.sqrt(MAX_INTERMEDIATE_PIXELS / boxPixels);
        }
        int lw = Math.max(1, (int) Math.round(layout.layerWidth() * work));
        int lh = Math.max(1, (int) Math.round(layout.layerHeight() * work));
        BufferedImage flat = Pixels.create(lw, lh);
        draw(source, new AxisMap(layout.crop(), layout.layerScale(), layout.flip(), 0, layout.layerWidth(),
                layout.layerHeight(), 0, 0, lw / layout.layerWidth(), lh / layout.layerHeight()), flat, kernel);
        int bw = Math.max(1, (int) Math.round(layout.boxWidth() * work));
        int bh = Math.max(1, (int) Math.round(layout.boxHeight() * work));
        BufferedImage turned = Pixels.create(bw, bh);
        Graphics2D g = turned.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, kernel == Kernel.TRIANGLE
                    ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.translate(bw / 2.0, bh / 2.0);
            g.rotate(Math.toRadians(layout.rotate()));
            g.translate(-lw / 2.0, -lh / 2.0);
            g.drawImage(flat, 0, 0, null);
        } finally {
            g.dispose();
        }
        draw(PixelSource.of(turned), new AxisMap(new Rectangle2D.Double(0, 0, bw, bh), layout.boxWidth() / bw,
                Flip.NONE, 0, layout.boxWidth(), layout.boxHeight(),
                layout.originX() + layout.extendLeft() * layout.scaleX(),
                layout.originY() + layout.extendTop() * layout.scaleY(), layout.scaleX(), layout.scaleY()), canvas, kernel);
    }

    /** Draws the part of {@code source} inside the map's crop that lands on the canvas. */
    static void draw(PixelSource source, AxisMap map, BufferedImage canvas, Kernel kernel) {
        Rectangle2D inside = map.crop().createIntersection(new Rectangle2D.Double(0, 0, source.width(), source.height()));
        if (inside.isEmpty()) {
            return;
        }
        double[] a = map.forward(inside.getMinX(), inside.getMinY());
        double[] b = map.forward(inside.getMaxX(), inside.getMaxY());
        int tx0 = (int) Math.max(0, Math.round(Math.min(a[0], b[0])));
        int ty0 = (int) Math.max(0, Math.round(Math.min(a[1], b[1])));
        int tx1 = (int) Math.min(canvas.getWidth(), Math.round(Math.max(a[0], b[0])));
        int ty1 = (int) Math.min(canvas.getHeight(), Math.round(Math.max(a[1], b[1])));
        if (tx0 >= tx1 || ty0 >= ty1) {
            return;
        }
        double[] p = map.inverse(tx0, ty0);
        double[] q = map.inverse(tx1, ty1);
        Rectangle2D.Double window = new Rectangle2D.Double(Math.min(p[0], q[0]), Math.min(p[1], q[1]),
                Math.abs(q[0] - p[0]), Math.abs(q[1] - p[1]));
        double reduction = map.reduction();
        int subsampling = source.subsampling(reduction);
        // Decode a little more than the window so the kernel sees real neighbours, not repeated edges.
        int margin = (int) Math.ceil(kernel.support() * Math.max(1, reduction)) + subsampling;
        int dx0 = Math.max(0, (int) Math.floor(window.x) - margin);
        int dy0 = Math.max(0, (int) Math.floor(window.y) - margin);
        // Start on a multiple of the subsampling: decoded pixel i (a pyramid level's, or a DCT-scaled JPEG's) covers
        // source pixels [i·s, (i+1)·s).
        dx0 -= dx0 % subsampling;
        dy0 -= dy0 % subsampling;
        int dx1 = Math.min(source.width(), (int) Math.ceil(window.x + window.width) + margin);
        int dy1 = Math.min(source.height(), (int) Math.ceil(window.y + window.height) + margin);
        BufferedImage decoded = source.read(new Rectangle(dx0, dy0, dx1 - dx0, dy1 - dy0), subsampling);
        boolean turned = map.quarterTurns() % 2 == 1;
        int bw = turned ? ty1 - ty0 : tx1 - tx0;
        int bh = turned ? tx1 - tx0 : ty1 - ty0;
        BufferedImage block = Resampler.resample(decoded, (window.x - dx0) / subsampling,
                (window.y - dy0) / subsampling, window.width / subsampling, window.height / subsampling, bw, bh, kernel);
        block = Pixels.flipAndTurn(block, map.flip().horizontal, map.flip().vertical, map.quarterTurns());
        Pixels.paste(block, canvas, tx0, ty0);
    }
}
