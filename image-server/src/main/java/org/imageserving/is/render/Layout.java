package org.imageserving.is.render;

import java.awt.geom.Rectangle2D;
import org.imageserving.is.request.Attributes;
import org.imageserving.is.request.ImageCommands;
import org.imageserving.is.request.LayerCommands.Flip;
import org.imageserving.is.request.RequestType;
import org.imageserving.is.request.ViewCommands;
import org.imageserving.is.request.ViewCommands.Fit;

/**
 * The geometry of a reply, computed from the source's header alone (so {@code req=props} and the limits need no
 * decoding). Layer 0: crop → size/scale → flip → rotate → extend gives the composite ("Layer transforms");
 * the view transform then maps the composite into the reply: rgn, scale (scl / wid+hei / fit / DefaultPix, or the
 * thumbnail rules), alignment and padding, then the rect= tile ("View transform for images", "Thumbnail rules").
 *
 * <p>A composite point (cx, cy) lands on reply pixel ({@code originX + cx·scaleX}, {@code originY + cy·scaleY}).
 *
 * @param crop          the crop rectangle in source pixels (may reach outside the source)
 * @param layerScale    source pixels → layer pixels (size= or scale=)
 * @param quarterTurns  rotation in exact quarter turns clockwise, or -1 when {@code rotate} is another angle
 * @param layerWidth    the layer after crop and scaling, before rotation
 * @param boxWidth      the layer's bounding box after rotation
 * @param extendLeft    composite-pixel margin left of the layer box (likewise top)
 */
public record Layout(Rectangle2D.Double crop, double layerScale, Flip flip, double rotate, int quarterTurns,
                     double layerWidth, double layerHeight, double boxWidth, double boxHeight, double extendLeft,
                     double extendTop, int compositeWidth, int compositeHeight, double scaleX, double scaleY,
                     double originX, double originY, int width, int height, int background) {

    public static Layout plan(ImageCommands commands, int sourceWidth, int sourceHeight, long maxRenderPixels) {
        LayerGeometry g = LayerGeometry.of(commands.layer(), sourceWidth, sourceHeight);
        return plan(commands, g, maxRenderPixels);
    }

    /** The reply's geometry for layer 0's rectangle {@code g}. */
    public static Layout plan(ImageCommands commands, LayerGeometry g, long maxRenderPixels) {
        double bw = g.boxWidth(), bh = g.boxHeight(), el = g.extendLeft(), et = g.extendTop();
        double er = g.extendRight(), eb = g.extendBottom();
        long cw = Math.round(bw + el + er), ch = Math.round(bh + et + eb);
        if (cw < 1 || ch < 1) {
            throw RenderException.badRequest("the image is empty after crop, size, scale and extend");
        }
        if (cw > Integer.MAX_VALUE / 4 || ch > Integer.MAX_VALUE / 4) {
            throw RenderException.badRequest("the composite image would be too large");
        }
        View view = view(commands, (int) cw, (int) ch);
        Attributes.Size max = commands.attributes().maxPix();
        if ((max.width() > 0 && view.width > max.width()) || (max.height() > 0 && view.height > max.height())) {
            throw RenderException.forbidden(String.format(
                    "the reply of %d x %d pixels is larger than attribute::MaxPix %d,%d", view.width, view.height,
                    max.width(), max.height()));
        }
        if ((long) view.width * view.height > maxRenderPixels) {
            throw RenderException.forbidden(String.format(
                    "requested image of %d x %d pixels is larger than the IS::MaxRenderRgnPixels limit of %.1f megapixels",
                    view.width, view.height, maxRenderPixels / 1e6));
        }
        return new Layout(g.crop(), g.layerScale(), g.flip(), g.rotate(), g.quarterTurns(), g.layerWidth(),
                g.layerHeight(), bw, bh, el, et, (int) cw, (int) ch, view.scaleX, view.scaleY, view.originX,
                view.originY, view.width, view.height, view.background);
    }

    /**
     * The geometry that draws another layer {@code g} through this reply's view transform, its rectangle's top-left
     * at composite point ({@code x}, {@code y}), into an image whose pixel (0, 0) is reply pixel
     * ({@code offsetX}, {@code offsetY}).
     */
    public Layout placed(LayerGeometry g, double x, double y, int offsetX, int offsetY, int imageWidth,
                         int imageHeight) {
        return new Layout(g.crop(), g.layerScale(), g.flip(), g.rotate(), g.quarterTurns(), g.layerWidth(),
                g.layerHeight(), g.boxWidth(), g.boxHeight(), g.extendLeft(), g.extendTop(), compositeWidth,
                compositeHeight, scaleX, scaleY, toReplyX(x) - offsetX, toReplyY(y) - offsetY, imageWidth, imageHeight,
                background);
    }

    private record View(double scaleX, double scaleY, double originX, double originY, int width, int height,
                        int background) {}

    /** The view transform: which part of the composite, how large, and where in the reply. */
    private static View view(ImageCommands commands, int compositeWidth, int compositeHeight) {
        ViewCommands v = commands.view();
        Attributes attributes = commands.attributes();
        ViewCommands.Region region = v.rgn().orElse(new ViewCommands.Region(0, 0, compositeWidth, compositeHeight));
        double rw = region.width(), rh = region.height();
        double sx, sy;
        int width, height;
        double alignH = v.alignH(), alignV = v.alignV();
        int background = v.bgc().orElse(attributes.bkgColor());
        if (commands.req().kind() == RequestType.Kind.TMB) {
            // Thumbnail rules: a fixed view rectangle, filled by crop / fit / texture scaling, placed by the
            // ThumbHoriz/VertAlign attributes (scl= and align= do not apply to thumbnails).
            width = v.wid().orElse(attributes.defaultThumbPix().width());
            height = v.hei().orElse(attributes.defaultThumbPix().height());
            double xs = width / rw, ys = height / rh;
            if (width <= 0 && height <= 0) {
                xs = ys = 1;
            } else if (width <= 0) {
                xs = ys;
            } else if (height <= 0) {
                ys = xs;
            }
            sx = switch (attributes.thumbType()) {
                case 1 -> Math.max(xs, ys);
                case 3 -> attributes.thumbRes() / attributes.resolution();
                default -> Math.min(xs, ys);
            };
            sy = sx;
            width = width > 0 ? width : size(rw * sx);
            height = height > 0 ? height : size(rh * sy);
            alignH = attributes.thumbHorizAlign() - 2;
            alignV = attributes.thumbVertAlign() - 2;
            background = v.bgc().orElse(attributes.thumbBkgColor());
        } else if (v.scl().isPresent()) {
            sx = sy = 1 / v.scl().getAsDouble();
            width = v.wid().orElse(size(rw * sx));
            height = v.hei().orElse(size(rh * sy));
        } else if (v.fit().isPresent() && (v.wid().isPresent() || v.hei().isPresent())) {
            Fit fit = v.fit().get();
            double xs = v.wid().isPresent() ? v.wid().getAsInt() / rw : Double.NaN;
            double ys = v.hei().isPresent() ? v.hei().getAsInt() / rh : Double.NaN;
            if (Double.isNaN(xs)) {
                xs = ys;
            }
            if (Double.isNaN(ys)) {
                ys = xs;
            }
            switch (fit.mode()) {
                case FIT, CONSTRAIN -> sx = sy = Math.min(xs, ys);
                case CROP, WRAP -> sx = sy = Math.max(xs, ys);
                case HFIT -> sx = sy = xs;
                case VFIT -> sx = sy = ys;
                default -> { sx = xs; sy = ys; } // STRETCH
            }
            if (!fit.upscale()) {
                sx = Math.min(sx, 1);
                sy = Math.min(sy, 1);
            }
            switch (fit.mode()) {
                case CONSTRAIN, WRAP -> {
                    width = size(rw * sx);
                    height = size(rh * sy);
                }
                default -> {
                    width = v.wid().orElse(size(rw * sx));
                    height = v.hei().orElse(size(rh * sy));
                }
            }
            if (fit.mode() == ViewCommands.FitMode.CONSTRAIN || fit.mode() == ViewCommands.FitMode.STRETCH) {
                alignH = alignV = 0;
            }
        } else if (v.wid().isPresent() && v.hei().isPresent()) {
            width = v.wid().getAsInt();
            height = v.hei().getAsInt();
            sx = sy = Math.min(width / rw, height / rh);
        } else if (v.wid().isPresent()) {
            width = v.wid().getAsInt();
            sx = sy = width / rw;
            height = size(rh * sy);
            alignH = alignV = 0;
        } else if (v.hei().isPresent()) {
            height = v.hei().getAsInt();
            sx = sy = height / rh;
            width = size(rw * sx);
            alignH = alignV = 0;
        } else {
            // No size asked for: attribute::DefaultPix caps the view (0 = unconstrained in that dimension).
            Attributes.Size cap = attributes.defaultPix();
            double s = 1;
            if (cap.width() > 0 && rw > cap.width()) {
                s = Math.min(s, cap.width() / rw);
            }
            if (cap.height() > 0 && rh > cap.height()) {
                s = Math.min(s, cap.height() / rh);
            }
            sx = sy = s;
            width = size(rw * s);
            height = size(rh * s);
        }
        // Placement of the scaled region in the view: align=-1 left/top .. 1 right/bottom; whole pixels, so an
        // unscaled composite is copied rather than resampled.
        double originX = Math.rint((width - rw * sx) * (alignH + 1) / 2 - region.x() * sx);
        double originY = Math.rint((height - rh * sy) * (alignV + 1) / 2 - region.y() * sy);
        if (v.dpr().isPresent()) {
            // dpr= multiplies the whole view (size, scale and placement), before a rect= tile is cut from it; MaxPix
            // then holds the tile, not the view, so only an untiled view is lowered to fit it
            boolean tiled = v.rect().isPresent() && commands.req().kind() != RequestType.Kind.TMB;
            double ratio = tiled ? v.dpr().getAsDouble()
                    : dprRatio(v.dpr().getAsDouble(), attributes.maxPix(), width, height);
            sx *= ratio;
            sy *= ratio;
            originX = Math.rint(originX * ratio);
            originY = Math.rint(originY * ratio);
            width = size(width * ratio);
            height = size(height * ratio);
        }
        if (v.rect().isPresent() && commands.req().kind() != RequestType.Kind.TMB) {
            ViewCommands.Tile tile = v.rect().get();
            sx *= tile.scale();
            sy *= tile.scale();
            originX = Math.rint(originX * tile.scale()) - tile.x();
            originY = Math.rint(originY * tile.scale()) - tile.y();
            width = tile.width();
            height = tile.height();
        }
        return new View(sx, sy, originX, originY, width, height, background);
    }

    /**
     * The device pixel ratio, lowered where the multiplied view would be larger than {@code attribute::MaxPix}: the
     * "dpr" page has the view clamped to MaxPix with its aspect ratio kept, rather than refused.
     */
    private static double dprRatio(double ratio, Attributes.Size max, int width, int height) {
        double r = ratio;
        if (max.width() > 0 && width * r > max.width()) {
            r = (double) max.width() / width;
        }
        if (max.height() > 0 && height * r > max.height()) {
            r = (double) max.height() / height;
        }
        return r;
    }

    private static int size(double pixels) {
        long n = Math.round(pixels);
        if (n > ViewCommands.MAX_SIDE * 16L) {
            throw RenderException.forbidden("the requested view of " + n + " pixels is too large");
        }
        return (int) Math.max(1, n);
    }

    /** The same view and placement, drawing another source geometry {@code g} of the same layer rectangle. */
    Layout withLayer(LayerGeometry g) {
        return new Layout(g.crop(), g.layerScale(), g.flip(), g.rotate(), g.quarterTurns(), g.layerWidth(),
                g.layerHeight(), g.boxWidth(), g.boxHeight(), g.extendLeft(), g.extendTop(), compositeWidth,
                compositeHeight, scaleX, scaleY, originX, originY, width, height, background);
    }

    /** Composite point → reply pixel coordinate. */
    public double toReplyX(double compositeX) {
        return originX + compositeX * scaleX;
    }

    public double toReplyY(double compositeY) {
        return originY + compositeY * scaleY;
    }
}
