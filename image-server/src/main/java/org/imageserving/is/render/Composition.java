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
import java.util.List;
import org.imageserving.is.compose.Blend;
import org.imageserving.is.compose.Effects;
import org.imageserving.is.compose.Perspective;
import org.imageserving.is.decode.OpenSource;
import org.imageserving.is.filter.FilterPipeline;
import org.imageserving.is.filter.FilterScale;
import org.imageserving.is.filter.ImageFilter.Stage;
import org.imageserving.is.request.EffectCommands;
import org.imageserving.is.request.FilterCommands;
import org.imageserving.is.request.LayerCommands;
import org.imageserving.is.request.LayerStyle;
import org.imageserving.is.request.Values;
import org.imageserving.is.text.TextLayer;

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
    private final java.util.function.IntFunction<OpenSource> inlineOpener;
    private final boolean effectMask;
    private java.util.function.Function<Layer, Map<String, java.awt.geom.Path2D>> embeddedPaths = layer -> Map.of();
    private java.util.function.BiFunction<Map<String, String>, java.util.Optional<LayerCommands.SizeBox>, TextLayer> texts =
            (commands, size) -> {
                throw new IllegalStateException("no fonts for text layers");
            };

    /**
     * @param canvas       layer 0's reply geometry (its rectangle is the composite)
     * @param canvasOrigin layer 0's origin in composite pixels
     * @param resolution   {@code attribute::Resolution}, the unit of {@code res=}
     * @param opener       opens a layer's source (a path under the roots), header only
     * @param inlineOpener opens the source sent with the request for a layer number; null when that layer's is a
     *                     file under the roots
     */
    Composition(Layout canvas, Point2D.Double canvasOrigin, BufferedImage reply, Kernel kernel, double resolution,
                Function<String, OpenSource> opener, java.util.function.IntFunction<OpenSource> inlineOpener,
                boolean effectMask) {
        this.inlineOpener = inlineOpener;
        this.effectMask = effectMask;
        this.canvas = canvas;
        this.canvasOrigin = canvasOrigin;
        this.reply = reply;
        this.kernel = kernel;
        this.resolution = resolution;
        this.opener = opener;
    }

    /** Where the paths saved in a layer's source come from ({@code clipPathE=}). */
    void embeddedPaths(java.util.function.Function<Layer, Map<String, java.awt.geom.Path2D>> paths) {
        this.embeddedPaths = paths;
    }

    /** How text layers are laid out: their commands and size= → the layer ({@link TextLayer}). */
    void texts(java.util.function.BiFunction<Map<String, String>, java.util.Optional<LayerCommands.SizeBox>, TextLayer> texts) {
        this.texts = texts;
    }

    /** Commands that make a single layer a composite of its own: a fill, an opacity or hiding it. */
    private static final java.util.Set<String> STYLE = java.util.Set.of("opac", "hide", "color", "bgcolor", "mask",
            "maskuse", "clippath", "clipxpath", "clippathe", "clipxpathe");

    /** Effects of the composite ({@code effect=} on comp): drawn from the composite's shape, behind and on it. */
    void drawCompositeEffects(List<EffectCommands> effects, FilterScale scale) {
        Rectangle area = compositeArea();
        if (effects.isEmpty() || area.isEmpty()) {
            return;
        }
        BufferedImage composite = Pixels.create(area.width, area.height);
        int[] all = Pixels.data(reply), part = Pixels.data(composite);
        for (int row = 0; row < area.height; row++) {
            System.arraycopy(all, (area.y + row) * reply.getWidth() + area.x, part, row * area.width, area.width);
        }
        BufferedImage below = Pixels.create(area.width, area.height);
        Effects.draw(composite, Pixels.data(below), area.width, 0, 0, effects, canvas.scaleX(), scale, 1, effectMask);
        Blend.onto(Pixels.data(below), area.width, part, area.width, area.height, 0, 0, 1, LayerStyle.BlendMode.NORM);
        Pixels.paste(below, reply, area.x, area.y);
    }

    /**
     * Whether a request needs the composite path: several layers, or layer 0 (or the composite) styled; anything
     * else takes the single-layer path, which draws layer 0 straight into the reply.
     */
    static boolean applies(org.imageserving.common.render.RenderRequest request) {
        return request.layers().size() > 1 || styled(request.layer0().commands()) || styled(request.global());
    }

    private static boolean styled(Map<String, String> commands) {
        return commands.keySet().stream().anyMatch(name -> STYLE.contains(name) || name.startsWith(EffectCommands.PREFIX));
    }

    /** {@code pos=} in composite pixels ({@code posN}: fractions of layer 0's size); 0,0 when not given. */
    private Point2D.Double offset(LayerStyle style) {
        if (style.pos().isEmpty()) {
            return new Point2D.Double();
        }
        LayerStyle.Point p = style.pos().get();
        return p.normalized() ? new Point2D.Double(p.x() * canvas.compositeWidth(), p.y() * canvas.compositeHeight())
                : new Point2D.Double(p.x(), p.y());
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
            LayerStyle atCanvas = new LayerStyle(java.util.Optional.empty(), java.util.Optional.empty(),
                    java.util.Optional.empty(), style.opacity(), false, style.color(), style.bgColor(),
                    LayerStyle.BlendMode.NORM, style.mask(), style.maskUse(), style.clipPath(), style.clipXPath(),
                    style.clipPathE(), style.clipXPathE());
            place(layer0, g, atCanvas.withOrigin(new LayerStyle.Point(canvasOrigin.x, canvasOrigin.y, false)),
                    FilterCommands.parse(layer0.commands()), source, source.width(), source.height(), canvasOrigin,
                    0, 0);
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
        RenderDeadline.check();
        Map<String, String> c = layer.commands();
        LayerStyle style = LayerStyle.parse(c);
        FilterCommands filters = FilterCommands.parse(c);
        if (style.hidden()) {
            return;
        }
        if (TextLayer.isText(c)) {
            drawText(layer, style, filters, reference);
            return;
        }
        boolean solid = layer.source().isEmpty();
        if (solid && style.color().isEmpty()) {
            throw Values.usage("layer", Integer.toString(layer.number()), "a layer needs src= or color=");
        }
        if (c.containsKey("perspective") || c.containsKey("perspectiven")) {
            drawPerspective(layer, style, filters, solid, reference);
            return;
        }
        LayerCommands commands = LayerCommands.parseAbove0(c, canvas.compositeWidth(), canvas.compositeHeight(),
                solid ? 0 : resolution);
        if (solid && c.containsKey("mask") && commands.size().isEmpty()) {
            // a solid layer with a mask and no size takes the mask's: the mask is cropped and scaled like an image
            try (OpenSource mask = opener.apply(c.get("mask"))) {
                place(layer, LayerGeometry.of(commands, mask.width(), mask.height()), style, filters, null,
                        mask.width(), mask.height(), reference, 0, 0);
            }
            return;
        }
        if (solid && style.clipPath().isPresent() && commands.size().isEmpty()) {
            // a solid layer sized by its path: the path's coordinates are layer 0's, from its origin (path 0,0)
            if (commands.scale().isPresent() || commands.rotate() != 0 || style.anchor().isPresent()) {
                throw Values.usage("clipPath", c.get("clippath"), "scale=, rotate= and anchor= are not allowed on a "
                        + "solid color layer sized by its clip path");
            }
            Rectangle2D box = style.clipPath().get().getBounds2D();
            LayerStyle placed = style.origin().isPresent() ? style
                    : style.withOrigin(new LayerStyle.Point(-box.getX(), -box.getY(), false));
            place(layer, LayerGeometry.of(commands, box.getWidth(), box.getHeight()), placed, filters, null,
                    box.getWidth(), box.getHeight(), reference, -box.getX(), -box.getY());
            return;
        }
        if (solid) {
            LayerCommands.SizeBox size = commands.size().orElse(new LayerCommands.SizeBox(0, 0));
            if (size.width() <= 0 || size.height() <= 0) {
                throw Values.usage("color", c.get("color"), "a solid color layer needs size= or sizeN= with both "
                        + "width and height");
            }
            LayerCommands unsized = new LayerCommands(commands.crop(), java.util.Optional.empty(), commands.scale(),
                    commands.flip(), commands.rotate(), commands.extend());
            place(layer, LayerGeometry.of(unsized, size.width(), size.height()), style, filters, null,
                    size.width(), size.height(), reference, 0, 0);
            return;
        }
        // a source sent with the request (a nested request's result, a foreign image), else a file under the roots
        OpenSource inline = inlineOpener.apply(layer.number());
        try (OpenSource source = inline != null ? inline : opener.apply(layer.source())) {
            LayerGeometry g = LayerGeometry.of(commands, source.width(), source.height());
            place(layer, g, style, filters, source, source.width(), source.height(), reference, 0, 0);
        }
    }

    /**
     * A text layer: {@code size=} is its box rather than a scaling; laid out in layer pixels and drawn, like a drawing,
     * at the scale it appears at. Point text without {@code origin=} or {@code anchor=} has its origin on its first
     * baseline ("Text layers").
     */
    private void drawText(Layer layer, LayerStyle style, FilterCommands filters, Point2D.Double reference) {
        Map<String, String> c = layer.commands();
        if (c.containsKey("perspective") || c.containsKey("perspectiven")) {
            throw Values.usage("perspective", c.getOrDefault("perspective", c.get("perspectiven")),
                    "a text layer in perspective is not supported yet");
        }
        LayerCommands commands = LayerCommands.parseAbove0(c, canvas.compositeWidth(), canvas.compositeHeight(), 0);
        TextLayer text = texts.apply(c, commands.size());
        LayerCommands unsized = new LayerCommands(commands.crop(), java.util.Optional.empty(), commands.scale(),
                commands.flip(), commands.rotate(), commands.extend());
        LayerStyle placed = style;
        if (style.origin().isEmpty() && style.anchor().isEmpty() && text.defaultOrigin().isPresent()) {
            Point2D.Double o = text.defaultOrigin().get();
            placed = style.withOrigin(new LayerStyle.Point(o.x, o.y, false));
        }
        OpenSource.Vector source = text.source();
        place(layer, LayerGeometry.of(unsized, source.width(), source.height()), placed, filters, source,
                source.width(), source.height(), reference, 0, 0);
    }

    /**
     * Draws a layer whose origin lands {@code pos=} away from {@code reference} (layer 0's origin, as a rule);
     * {@code clipX}, {@code clipY}: where the clip path's 0,0 is in the layer's rectangle (not 0 for a layer sized by
     * its path).
     */
    private void place(Layer layer, LayerGeometry g, LayerStyle style, FilterCommands filters, OpenSource source,
                       double sourceWidth, double sourceHeight, Point2D.Double reference, double clipX, double clipY) {
        Point2D.Double origin = origin(g, style, sourceWidth, sourceHeight);
        Point2D.Double offset = offset(style);
        double px = offset.x, py = offset.y;
        double left = reference.x + px - origin.x, top = reference.y + py - origin.y;
        List<EffectCommands> effects = EffectCommands.parse(layer.commands());
        int reach = Effects.reach(effects, canvas.scaleX());
        Rectangle area = compositeArea().intersection(new Rectangle(
                (int) Math.floor(canvas.toReplyX(left)) - reach, (int) Math.floor(canvas.toReplyY(top)) - reach,
                (int) Math.ceil(g.width() * canvas.scaleX()) + 2 + 2 * reach,
                (int) Math.ceil(g.height() * canvas.scaleY()) + 2 + 2 * reach));
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
        mask(style, g, placed, content, sourceWidth);
        clip(style, placed, content, clipX, clipY);
        if (source != null && !style.clipPathE().isEmpty()) {
            clipEmbedded(style, embeddedPaths.apply(layer), g, placed, content, sourceWidth, sourceHeight);
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
        if (!effects.isEmpty()) {
            // an effect's opacity is its parent's times its own, whatever the fills took of it
            Effects.draw(image, Pixels.data(reply), reply.getWidth(), area.x, area.y, effects, canvas.scaleX(), scale,
                    style.opacity(), effectMask);
        }
        // layer 0 has no layers below it to blend with (documented: blendMode is ignored there)
        LayerStyle.BlendMode mode = layer.number() == 0 ? LayerStyle.BlendMode.NORM : style.blendMode();
        Blend.onto(Pixels.data(reply), reply.getWidth(), Pixels.data(image), area.width, area.height, area.x, area.y,
                opacity, mode);
    }

    /**
     * {@code mask=} and {@code maskUse=} ("mask", "maskUse"): the mask image, transformed with the layer, gives the
     * layer its coverage (the mask's alpha, or its gray where it has none); {@code invert} swaps inside and outside,
     * {@code off} draws the whole layer rectangle (premultiplied pixels: what was transparent becomes black).
     */
    private void mask(LayerStyle style, LayerGeometry g, Layout placed, BufferedImage content, double sourceWidth) {
        int[] pixels = Pixels.data(content);
        if (style.maskUse() == LayerStyle.MaskUse.OFF) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] |= 0xff000000;
            }
            return;
        }
        if (style.mask().isEmpty()) {
            if (style.maskUse() == LayerStyle.MaskUse.INVERT) {
                for (int i = 0; i < pixels.length; i++) {
                    int a = 255 - (pixels[i] >>> 24);
                    pixels[i] = a << 24; // what was outside the layer, in black
                }
            }
            return;
        }
        BufferedImage coverage = Pixels.create(content.getWidth(), content.getHeight());
        boolean alpha;
        try (OpenSource mask = opener.apply(style.mask().get())) {
            alpha = mask instanceof OpenSource.Raster raster && raster.hasAlpha();
            // a mask of another size than its layer's source is stretched over it
            double f = mask.width() / sourceWidth;
            LayerGeometry mg = g.rescaled(f, f);
            drawSource(mask, mg, placed.withLayer(mg), coverage);
        }
        int[] m = Pixels.data(coverage);
        boolean invert = style.maskUse() == LayerStyle.MaskUse.INVERT;
        for (int i = 0; i < pixels.length; i++) {
            int q = m[i];
            int k = alpha ? q >>> 24 : ((q >> 16 & 255) * 77 + (q >> 8 & 255) * 150 + (q & 255) * 29) >> 8;
            if (invert) {
                k = 255 - k;
            }
            if (k < 255) {
                pixels[i] = Blend.scale(pixels[i], (k * 256 + 127) / 255);
            }
        }
    }

    /**
     * A layer mapped onto a quadrilateral ("perspective"): its corners are given in composite pixels (or, normalized,
     * fractions of layer 0's size) and {@code pos=} moves them further; {@code size=} and {@code res=} have no
     * meaning here, {@code scale=} chooses how reduced the source is read. The source is read once, reduced as far as
     * the quadrilateral's size allows, and every covered reply pixel is mapped back into it.
     */
    private void drawPerspective(Layer layer, LayerStyle style, FilterCommands filters, boolean solid,
                                 Point2D.Double reference) {
        Map<String, String> c = layer.commands();
        boolean normalized = !c.containsKey("perspective");
        String name = normalized ? "perspectiveN" : "perspective";
        boolean transformed = java.util.stream.Stream.of("crop", "cropn", "flip", "rotate", "extend", "extendn")
                .anyMatch(c::containsKey);
        if (style.mask().isPresent() || style.clipPath().isPresent() || !EffectCommands.parse(c).isEmpty()
                || style.bgColor().isPresent() || transformed) {
            throw Values.usage(name, c.get(name.toLowerCase(java.util.Locale.ROOT)), "a layer in perspective takes "
                    + "no crop=, flip=, rotate=, extend=, mask=, clipPath=, bgColor= or effect= (not supported yet)");
        }
        Perspective perspective = Perspective.parse(normalized ? "perspectiveN" : "perspective",
                c.get(normalized ? "perspectiven" : "perspective"), canvas.compositeWidth(), canvas.compositeHeight(),
                normalized);
        Point2D.Double offset = offset(style);
        double px = offset.x, py = offset.y;
        double[] q = perspective.mapped(px, py, canvas.scaleX(), canvas.scaleY(), canvas.toReplyX(0),
                canvas.toReplyY(0));
        double minX = Math.min(Math.min(q[0], q[2]), Math.min(q[4], q[6]));
        double maxX = Math.max(Math.max(q[0], q[2]), Math.max(q[4], q[6]));
        double minY = Math.min(Math.min(q[1], q[3]), Math.min(q[5], q[7]));
        double maxY = Math.max(Math.max(q[1], q[3]), Math.max(q[5], q[7]));
        Rectangle area = compositeArea().intersection(new Rectangle((int) Math.floor(minX), (int) Math.floor(minY),
                (int) Math.ceil(maxX - minX) + 2, (int) Math.ceil(maxY - minY) + 2));
        if (area.isEmpty()) {
            return;
        }
        double[] local = perspective.mapped(px, py, canvas.scaleX(), canvas.scaleY(), canvas.toReplyX(0) - area.x,
                canvas.toReplyY(0) - area.y);
        BufferedImage pixels;
        if (solid) {
            pixels = Pixels.create(1, 1);
            Pixels.data(pixels)[0] = Pixels.premultiply(style.color().getAsInt());
        } else {
            OpenSource inline = inlineOpener.apply(layer.number());
            try (OpenSource source = inline != null ? inline : opener.apply(layer.source())) {
                double across = Math.max(1, Math.max(maxX - minX, maxY - minY));
                double reduction = Math.max(source.width(), source.height()) / across;
                LayerCommands own = LayerCommands.parse(c);
                if (own.scale().isPresent()) {
                    reduction = 1 / own.scale().getAsDouble();
                }
                pixels = read(source, Math.max(1, reduction));
            }
        }
        BufferedImage image = Pixels.create(area.width, area.height);
        perspective.draw(pixels, local, image);
        FilterScale scale = new FilterScale(canvas.scaleX(), canvas.scaleX());
        FilterPipeline.apply(Stage.COMPOSITE, image, filters.steps(), scale);
        FilterPipeline.apply(Stage.VIEW, image, filters.steps(), scale);
        Blend.onto(Pixels.data(reply), reply.getWidth(), Pixels.data(image), area.width, area.height, area.x, area.y,
                style.opacity(), style.blendMode());
    }

    /** The whole source, reduced by about {@code reduction} where the decoder can (a drawing is drawn at that size). */
    private static BufferedImage read(OpenSource source, double reduction) {
        if (source instanceof OpenSource.Raster raster) {
            PixelSource pixels = raster.pixels();
            int subsampling = Math.max(1, Math.min(pixels.subsampling(reduction), (int) Math.floor(reduction)));
            return Pixels.toWorking(pixels.read(new Rectangle(0, 0, pixels.width(), pixels.height()), subsampling));
        }
        OpenSource.Vector vector = (OpenSource.Vector) source;
        int w = (int) Math.max(1, Math.round(vector.width() / reduction));
        int h = (int) Math.max(1, Math.round(vector.height() / reduction));
        return Pixels.toWorking(vector.draw(w, h));
    }

    /**
     * {@code clipPathE=} / {@code clipXPathE=} ("clipPath"): paths saved in the layer's source, transformed with the
     * image so they stay on its content. Several names keep the intersection; names the source does not hold are
     * ignored, as documented (none found: no clipping).
     */
    private static void clipEmbedded(LayerStyle style, Map<String, java.awt.geom.Path2D> saved, LayerGeometry g,
                                     Layout placed, BufferedImage content, double sourceWidth, double sourceHeight) {
        java.awt.geom.Area keep = null;
        for (String name : style.clipPathE()) {
            java.awt.geom.Path2D path = saved.get(name);
            if (path != null) {
                java.awt.geom.Area area = new java.awt.geom.Area(path);
                if (keep == null) {
                    keep = area;
                } else {
                    keep.intersect(area);
                }
            }
        }
        if (keep == null) {
            return;
        }
        for (String name : style.clipXPathE()) {
            java.awt.geom.Path2D path = saved.get(name);
            if (path != null) {
                keep.subtract(new java.awt.geom.Area(path));
            }
        }
        // unit coordinates → source pixels → the layer's transforms → reply pixels of this image
        java.awt.geom.AffineTransform at = new java.awt.geom.AffineTransform();
        at.translate(placed.originX(), placed.originY());
        at.scale(placed.scaleX(), placed.scaleY());
        at.translate(g.extendLeft() + g.boxWidth() / 2, g.extendTop() + g.boxHeight() / 2);
        if (g.quarterTurns() >= 0) {
            at.quadrantRotate(g.quarterTurns());
        } else {
            at.rotate(Math.toRadians(g.rotate()));
        }
        at.translate(-g.layerWidth() / 2, -g.layerHeight() / 2);
        if (g.flip().horizontal) {
            at.translate(g.layerWidth(), 0);
            at.scale(-1, 1);
        }
        if (g.flip().vertical) {
            at.translate(0, g.layerHeight());
            at.scale(1, -1);
        }
        at.scale(g.layerScale(), g.layerScale());
        at.translate(-g.crop().x, -g.crop().y);
        at.scale(sourceWidth, sourceHeight);
        cover(content, keep.createTransformedArea(at), null);
    }

    /** Keeps the parts of {@code content} inside {@code keep} and outside {@code cut}, anti-aliased. */
    private static void cover(BufferedImage content, java.awt.Shape keep, java.awt.Shape cut) {
        BufferedImage coverage = new BufferedImage(content.getWidth(), content.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = coverage.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            graphics.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            graphics.setColor(Color.WHITE);
            graphics.fill(keep);
            if (cut != null) {
                graphics.setComposite(java.awt.AlphaComposite.Clear);
                graphics.fill(cut);
            }
        } finally {
            graphics.dispose();
        }
        int[] pixels = Pixels.data(content);
        int[] kept = ((java.awt.image.DataBufferInt) coverage.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int k = kept[i] >>> 24;
            if (k == 0) {
                pixels[i] = 0;
            } else if (k < 255) {
                pixels[i] = Blend.scale(pixels[i], (k * 256 + 127) / 255);
            }
        }
    }

    /**
     * {@code clipPath=} keeps what lies inside the path, {@code clipXPath=} then cuts its inside out ("clipPath",
     * "clipXPath"): the path, in layer pixels, drawn with anti-aliasing into a coverage image at reply scale.
     */
    private static void clip(LayerStyle style, Layout placed, BufferedImage content, double clipX, double clipY) {
        if (style.clipPath().isEmpty()) {
            return;
        }
        // layer pixels (the path's 0,0 at clipX, clipY) → pixels of this image
        java.awt.geom.AffineTransform at = new java.awt.geom.AffineTransform();
        at.translate(placed.originX(), placed.originY());
        at.scale(placed.scaleX(), placed.scaleY());
        at.translate(clipX, clipY);
        cover(content, at.createTransformedShape(style.clipPath().get()),
                style.clipXPath().map(at::createTransformedShape).orElse(null));
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
        Layout redrawn = placed.withLayer(g.rescaled(w / (double) vector.width(), h / (double) vector.height()));
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
