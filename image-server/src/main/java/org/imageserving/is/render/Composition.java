package org.imageserving.is.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;
import org.imageserving.common.render.Layer;
import org.imageserving.is.compose.Blend;
import org.imageserving.is.decode.OpenSource;
import org.imageserving.is.filter.FilterPipeline;
import org.imageserving.is.filter.FilterScale;
import org.imageserving.is.filter.ImageFilter.Stage;
import org.imageserving.is.request.FilterCommands;
import org.imageserving.is.request.LayerCommands;
import org.imageserving.is.request.LayerStyle;
import org.imageserving.is.request.Values;

/**
 * Draws the layers above layer 0 onto the reply ("Layering overview", "Layer placement", "Layer transforms").
 *
 * <p>Every layer is drawn straight at reply scale through the same view transform as layer 0, so a layer source is
 * decoded only in the window that ends up visible and reduced as far as that allows, like layer 0. A layer's
 * rectangle is placed so that its origin lands {@code pos=} away from layer 0's origin; whatever falls outside layer
 * 0's rectangle is dropped (layer 0 defines the canvas). A layer that would be invisible is not even opened.
 */
final class Composition {
    /** More layers than any documented template uses; bounds the work one request can ask for. */
    static final int MAX_LAYERS = 100;

    private final Layout canvas;
    private final Point2D.Double canvasOrigin;
    private final BufferedImage reply;
    private final Kernel kernel;
    private final double resolution;
    private final Function<String, OpenSource> opener;

    /**
     * @param canvas       layer 0's reply geometry (its rectangle is the composite)
     * @param canvasOrigin layer 0's origin in composite pixels
     * @param resolution   {@code attribute::Resolution}, the unit of {@code res=}
     * @param opener       opens a layer's source (a path under the roots), header only
     */
    Composition(Layout canvas, Point2D.Double canvasOrigin, BufferedImage reply, Kernel kernel, double resolution,
                Function<String, OpenSource> opener) {
        this.canvas = canvas;
        this.canvasOrigin = canvasOrigin;
        this.reply = reply;
        this.kernel = kernel;
        this.resolution = resolution;
        this.opener = opener;
    }

    /** Commands that make a single layer a composite of its own: a fill, an opacity or hiding it. */
    private static final java.util.Set<String> STYLE = java.util.Set.of("opac", "hide", "color", "bgcolor");

    /**
     * Whether a request needs the composite path: several layers, or layer 0 (or the composite) styled; anything
     * else takes the single-layer path, which draws layer 0 straight into the reply.
     */
    static boolean applies(org.imageserving.common.render.RenderRequest request) {
        return request.layers().size() > 1 || request.layer0().commands().keySet().stream().anyMatch(STYLE::contains)
                || request.global().keySet().stream().anyMatch(STYLE::contains);
    }

    /** Layer 0's origin in composite pixels: {@code origin=}, else its transformed {@code anchor=}, else the centre. */
    static Point2D.Double origin(LayerGeometry g, LayerStyle style, double sourceWidth, double sourceHeight) {
        if (style.origin().isPresent()) {
            LayerStyle.Point p = style.origin().get();
            return p.normalized() ? new Point2D.Double(g.width() / 2 + p.x() * g.width(), g.height() / 2 + p.y() * g.height())
                    : new Point2D.Double(p.x(), p.y());
        }
        if (style.anchor().isPresent()) {
            LayerStyle.Point p = style.anchor().get();
            return p.normalized() ? g.fromSource(sourceWidth / 2 + p.x() * sourceWidth, sourceHeight / 2 + p.y() * sourceHeight)
                    : g.fromSource(p.x(), p.y());
        }
        return new Point2D.Double(g.width() / 2, g.height() / 2);
    }

    /** The part of the reply the composite covers: layers never draw into the view's padding. */
    Rectangle compositeArea() {
        int x0 = (int) Math.max(0, Math.round(canvas.toReplyX(0)));
        int y0 = (int) Math.max(0, Math.round(canvas.toReplyY(0)));
        int x1 = (int) Math.min(reply.getWidth(), Math.round(canvas.toReplyX(canvas.compositeWidth())));
        int y1 = (int) Math.min(reply.getHeight(), Math.round(canvas.toReplyY(canvas.compositeHeight())));
        return new Rectangle(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    /** Layer 0, whose rectangle is the canvas: its top-left is the composite's; {@code pos=} means nothing here. */
    void drawLayer0(Layer layer0, LayerGeometry g, LayerStyle style, OpenSource source) {
        if (!style.hidden()) {
            place(layer0, g, new LayerStyle(java.util.Optional.empty(), java.util.Optional.of(
                    new LayerStyle.Point(canvasOrigin.x, canvasOrigin.y, false)), java.util.Optional.empty(),
                    style.opacity(), false, style.color(), style.bgColor(), LayerStyle.BlendMode.NORM),
                    FilterCommands.parse(layer0.commands()), source, source.width(), source.height(), canvasOrigin);
        }
    }

    void draw(Layer layer) {
        draw(layer, canvasOrigin);
    }

    /**
     * The catalog's watermark ("Watermarks"): placed against the canvas itself, its {@code pos=} counted from the
     * canvas centre rather than from layer 0's origin, so that {@code align=} means the canvas's edges and corners
     * whatever origin or anchor the request gives layer 0.
     */
    void drawWatermark(Layer layer) {
        draw(layer, new Point2D.Double(canvas.compositeWidth() / 2.0, canvas.compositeHeight() / 2.0));
    }

    private void draw(Layer layer, Point2D.Double reference) {
        Map<String, String> c = layer.commands();
        LayerStyle style = LayerStyle.parse(c);
        FilterCommands filters = FilterCommands.parse(c);
        if (style.hidden()) {
            return;
        }
        boolean solid = layer.source().isEmpty();
        if (solid && style.color().isEmpty()) {
            throw Values.usage("layer", Integer.toString(layer.number()), "a layer needs src= or color=");
        }
        LayerCommands commands = LayerCommands.parseAbove0(c, canvas.compositeWidth(), canvas.compositeHeight(),
                solid ? 0 : resolution);
        if (solid) {
            LayerCommands.SizeBox size = commands.size().orElse(new LayerCommands.SizeBox(0, 0));
            if (size.width() <= 0 || size.height() <= 0) {
                throw Values.usage("color", c.get("color"), "a solid color layer needs size= or sizeN= with both "
                        + "width and height");
            }
            LayerCommands unsized = new LayerCommands(commands.crop(), java.util.Optional.empty(), commands.scale(),
                    commands.flip(), commands.rotate(), commands.extend());
            place(layer, LayerGeometry.of(unsized, size.width(), size.height()), style, filters, null,
                    size.width(), size.height(), reference);
            return;
        }
        try (OpenSource source = opener.apply(layer.source())) {
            LayerGeometry g = LayerGeometry.of(commands, source.width(), source.height());
            place(layer, g, style, filters, source, source.width(), source.height(), reference);
        }
    }

    /** Draws a layer whose origin lands {@code pos=} away from {@code reference} (layer 0's origin, as a rule). */
    private void place(Layer layer, LayerGeometry g, LayerStyle style, FilterCommands filters, OpenSource source,
                       double sourceWidth, double sourceHeight, Point2D.Double reference) {
        Point2D.Double origin = origin(g, style, sourceWidth, sourceHeight);
        double px = 0, py = 0;
        if (style.pos().isPresent()) {
            LayerStyle.Point p = style.pos().get();
            px = p.normalized() ? p.x() * canvas.compositeWidth() : p.x();
            py = p.normalized() ? p.y() * canvas.compositeHeight() : p.y();
        }
        double left = reference.x + px - origin.x, top = reference.y + py - origin.y;
        Rectangle area = compositeArea().intersection(new Rectangle(
                (int) Math.floor(canvas.toReplyX(left)), (int) Math.floor(canvas.toReplyY(top)),
                (int) Math.ceil(g.width() * canvas.scaleX()) + 2, (int) Math.ceil(g.height() * canvas.scaleY()) + 2));
        if (area.isEmpty()) {
            return;
        }
        Layout placed = canvas.placed(g, left, top, area.x, area.y, area.width, area.height);
        // fills first; the content over them with the layer's opacity, which never fades the fills ("opac")
        BufferedImage image = Pixels.create(area.width, area.height);
        fill(image, placed, g, style.bgColor(), true);
        boolean filled = style.bgColor().isPresent() || (source != null && style.color().isPresent());
        BufferedImage content = filled ? Pixels.create(area.width, area.height) : image;
        if (source == null) {
            fill(content, placed, g, style.color(), false);
        } else {
            fill(image, placed, g, style.color(), false);
            drawSource(source, g, placed, content);
        }
        double opacity = style.opacity();
        if (filled) {
            Blend.onto(Pixels.data(image), area.width, Pixels.data(content), area.width, area.height, 0, 0, opacity,
                    LayerStyle.BlendMode.NORM);
            opacity = 1;
        }
        FilterScale scale = new FilterScale(canvas.scaleX(), g.layerScale() * canvas.scaleX());
        FilterPipeline.apply(Stage.COMPOSITE, image, filters.steps(), scale);
        FilterPipeline.apply(Stage.VIEW, image, filters.steps(), scale);
        // layer 0 has no layers below it to blend with (documented: blendMode is ignored there)
        LayerStyle.BlendMode mode = layer.number() == 0 ? LayerStyle.BlendMode.NORM : style.blendMode();
        Blend.onto(Pixels.data(reply), reply.getWidth(), Pixels.data(image), area.width, area.height, area.x, area.y,
                opacity, mode);
    }

    private void drawSource(OpenSource source, LayerGeometry g, Layout placed, BufferedImage target) {
        if (source instanceof OpenSource.Raster raster) {
            LayerPlacement.draw(raster.pixels(), placed, target, kernel);
            return;
        }
        // a drawing is drawn at the scale it appears at, then placed like a raster of that size
        OpenSource.Vector vector = (OpenSource.Vector) source;
        double f = Math.min(8, g.layerScale() * Math.max(canvas.scaleX(), canvas.scaleY()));
        int w = (int) Math.max(1, Math.round(vector.width() * f)), h = (int) Math.max(1, Math.round(vector.height() * f));
        if ((long) w * h > 64_000_000L) {
            throw RenderException.forbidden("an SVG layer would be drawn at " + w + " x " + h + " pixels");
        }
        double fx = w / (double) vector.width(), fy = h / (double) vector.height();
        Rectangle2D.Double crop = new Rectangle2D.Double(g.crop().x * fx, g.crop().y * fy, g.crop().width * fx,
                g.crop().height * fy);
        LayerGeometry drawn = new LayerGeometry(crop, g.layerScale() / fx, g.flip(), g.rotate(), g.quarterTurns(),
                g.layerWidth(), g.layerHeight(), g.boxWidth(), g.boxHeight(), g.extendLeft(), g.extendTop(),
                g.extendRight(), g.extendBottom());
        Layout redrawn = new Layout(drawn.crop(), drawn.layerScale(), drawn.flip(), drawn.rotate(),
                drawn.quarterTurns(), drawn.layerWidth(), drawn.layerHeight(), drawn.boxWidth(), drawn.boxHeight(),
                drawn.extendLeft(), drawn.extendTop(), placed.compositeWidth(), placed.compositeHeight(),
                placed.scaleX(), placed.scaleY(), placed.originX(), placed.originY(), placed.width(), placed.height(),
                placed.background());
        LayerPlacement.draw(PixelSource.of(vector.draw(w, h)), redrawn, target, kernel);
    }

    /**
     * {@code bgColor=} fills the whole final rectangle (after rotation and extension); {@code color=} fills the layer
     * itself before rotation, behind its content (the whole of a solid color layer).
     */
    private static void fill(BufferedImage image, Layout placed, LayerGeometry g, OptionalInt color, boolean whole) {
        if (color.isEmpty()) {
            return;
        }
        Path2D.Double shape = new Path2D.Double();
        if (whole) {
            shape.append(new Rectangle2D.Double(placed.originX(), placed.originY(), g.width() * placed.scaleX(),
                    g.height() * placed.scaleY()), false);
        } else {
            double[][] corners = {{0, 0}, {g.layerWidth(), 0}, {g.layerWidth(), g.layerHeight()}, {0, g.layerHeight()}};
            for (int i = 0; i < 4; i++) {
                Point2D.Double p = g.fromLayer(corners[i][0], corners[i][1]);
                double x = placed.originX() + p.x * placed.scaleX(), y = placed.originY() + p.y * placed.scaleY();
                if (i == 0) {
                    shape.moveTo(x, y);
                } else {
                    shape.lineTo(x, y);
                }
            }
            shape.closePath();
        }
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                    g.quarterTurns() >= 0 ? RenderingHints.VALUE_ANTIALIAS_OFF : RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setColor(new Color(color.getAsInt(), true));
            graphics.fill(shape);
        } finally {
            graphics.dispose();
        }
    }
}
