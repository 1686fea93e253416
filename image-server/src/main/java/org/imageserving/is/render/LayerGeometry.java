package org.imageserving.is.render;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import org.imageserving.is.request.LayerCommands;
import org.imageserving.is.request.LayerCommands.Flip;

/**
 * One layer's rectangle through the documented layer transforms ("Layer transforms"): crop → size/scale → flip →
 * rotate (the rectangle grows to hold the turned layer) → extend. Units are composite pixels, the units of layer 0
 * after its own scaling; the rectangle's top-left is (0, 0).
 *
 * @param crop         the crop rectangle in source pixels (may reach outside the source)
 * @param layerScale   source pixels → layer pixels (size=, scale= or res=)
 * @param quarterTurns rotation in exact quarter turns clockwise, or -1 when {@code rotate} is another angle
 * @param layerWidth   the layer after crop and scaling, before rotation
 * @param boxWidth     the layer's bounding box after rotation
 * @param extendLeft   margin left of the box (likewise top, right, bottom); negative margins cut
 */
public record LayerGeometry(Rectangle2D.Double crop, double layerScale, Flip flip, double rotate, int quarterTurns,
                            double layerWidth, double layerHeight, double boxWidth, double boxHeight,
                            double extendLeft, double extendTop, double extendRight, double extendBottom) {

    public static LayerGeometry of(LayerCommands layer, double sourceWidth, double sourceHeight) {
        // 1. crop, in source pixels
        Rectangle2D.Double crop = new Rectangle2D.Double(0, 0, sourceWidth, sourceHeight);
        if (layer.crop().isPresent()) {
            LayerCommands.Crop c = layer.crop().get();
            crop = c.normalized()
                    ? new Rectangle2D.Double(c.x() * sourceWidth, c.y() * sourceHeight, c.width() * sourceWidth,
                            c.height() * sourceHeight)
                    : new Rectangle2D.Double(c.x(), c.y(), c.width(), c.height());
        }
        // 2. size= (fit inside, aspect kept) before scale=, else full resolution
        double layerScale = 1;
        if (layer.size().isPresent()) {
            LayerCommands.SizeBox box = layer.size().get();
            double sx = box.width() > 0 ? box.width() / crop.width : Double.MAX_VALUE;
            double sy = box.height() > 0 ? box.height() / crop.height : Double.MAX_VALUE;
            layerScale = Math.min(sx, sy);
        } else if (layer.scale().isPresent()) {
            layerScale = layer.scale().getAsDouble();
        }
        double lw = crop.width * layerScale, lh = crop.height * layerScale;
        // 3. flip has no effect on size; 4. rotate grows the rectangle to hold the turned layer
        double angle = layer.rotate();
        int quarterTurns = Math.abs(angle / 90 - Math.rint(angle / 90)) < 1e-9 ? ((int) Math.rint(angle / 90)) % 4 : -1;
        double bw, bh;
        if (quarterTurns >= 0) {
            bw = quarterTurns % 2 == 0 ? lw : lh;
            bh = quarterTurns % 2 == 0 ? lh : lw;
        } else {
            double rad = Math.toRadians(angle);
            double cos = Math.abs(Math.cos(rad)), sin = Math.abs(Math.sin(rad));
            bw = lw * cos + lh * sin;
            bh = lw * sin + lh * cos;
        }
        // 5. extend adds (or removes) margins around the transformed layer
        double el = 0, et = 0, er = 0, eb = 0;
        if (layer.extend().isPresent()) {
            LayerCommands.Extend e = layer.extend().get();
            double fx = e.normalized() ? bw : 1, fy = e.normalized() ? bh : 1;
            el = e.left() * fx;
            et = e.top() * fy;
            er = e.right() * fx;
            eb = e.bottom() * fy;
        }
        return new LayerGeometry(crop, layerScale, layer.flip(), angle, quarterTurns, lw, lh, bw, bh, el, et, er, eb);
    }

    /**
     * The same rectangle drawn from a source {@code fx} times as wide and {@code fy} times as high (a drawing drawn at
     * another size, a mask of another size than the image): the crop scales with it, the layer stays the same.
     */
    public LayerGeometry rescaled(double fx, double fy) {
        return new LayerGeometry(new Rectangle2D.Double(crop.x * fx, crop.y * fy, crop.width * fx, crop.height * fy),
                layerScale / fx, flip, rotate, quarterTurns, layerWidth, layerHeight, boxWidth, boxHeight, extendLeft,
                extendTop, extendRight, extendBottom);
    }

    /** The final layer rectangle's width, margins included. */
    public double width() {
        return boxWidth + extendLeft + extendRight;
    }

    public double height() {
        return boxHeight + extendTop + extendBottom;
    }

    /**
     * Where a point of the source (full-resolution pixels) ends up in the final layer rectangle: the anchor carried
     * through crop, scale, flip, rotation about the layer's centre, and the margins.
     */
    public Point2D.Double fromSource(double x, double y) {
        double lx = (x - crop.x) * layerScale, ly = (y - crop.y) * layerScale;
        return fromLayer(flip.horizontal ? layerWidth - lx : lx, flip.vertical ? layerHeight - ly : ly);
    }

    /** Where a point of the (flipped, unturned) layer ends up in the final layer rectangle. */
    public Point2D.Double fromLayer(double lx, double ly) {
        double dx = lx - layerWidth / 2, dy = ly - layerHeight / 2;
        double rad = Math.toRadians(rotate);
        double cos = quarterTurns >= 0 ? Math.rint(Math.cos(rad)) : Math.cos(rad);
        double sin = quarterTurns >= 0 ? Math.rint(Math.sin(rad)) : Math.sin(rad);
        return new Point2D.Double(extendLeft + boxWidth / 2 + dx * cos - dy * sin,
                extendTop + boxHeight / 2 + dx * sin + dy * cos);
    }
}
