package org.imageserving.is.text;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.imageserving.common.render.FontMap;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.decode.OpenSource;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.request.LayerCommands;
import org.imageserving.is.request.Values;
import org.imageserving.is.text.RtfDocument.Align;

/**
 * A text layer ({@code textPs=}, {@code text=}; "Text layers", "Text positioning", "Copy-fitting"): its RTF laid out
 * in the box {@code size=} gives, or sized by its text, and offered to the compositor as a drawing, drawn at whatever
 * scale the reply needs like an SVG source.
 *
 * <ul>
 *   <li>{@code size=w,h}: a rectangular box; text wraps at its width, {@code \vertal*} places it vertically, and runs
 *       with {@code \copyfit} grow as far as the box's height allows ({@code textPs=}); {@code text=} keeps every
 *       glyph inside the box and fits the text with {@code textAttr=} autoRes/maxRes;</li>
 *   <li>{@code size=w,0}: a box as high as its text;</li>
 *   <li>no size: point text, one line per paragraph, as wide as its longest line; without {@code origin=} or
 *       {@code anchor=}, the first baseline sits on the layer's position, left of it for {@code \qr}, centred on it
 *       for {@code \qc}, right of it otherwise.</li>
 * </ul>
 */
public final class TextLayer {
    /** A text raster larger than this is refused: a layer of 8000 x 8000 pixels, more than any reply. */
    static final long MAX_PIXELS = 64_000_000L;
    /** Binary search steps of copy-fitting: 1/1024 of the size range, finer than a half-point. */
    private static final int FIT_STEPS = 10;

    private final TextBlock block;
    private final double width;
    private final double height;
    private final double dy;
    private final boolean antialias;
    private final Optional<Point2D.Double> defaultOrigin;

    private TextLayer(TextBlock block, double width, double height, double dy, boolean antialias,
                      Optional<Point2D.Double> defaultOrigin) {
        this.block = block;
        this.width = width;
        this.height = height;
        this.dy = dy;
        this.antialias = antialias;
        this.defaultOrigin = defaultOrigin;
    }

    /** Whether a layer's commands make it a text layer. */
    public static boolean isText(Map<String, String> commands) {
        return commands.containsKey("textps") || commands.containsKey("text");
    }

    /** The request's fonts ({@link RenderRequest#FONTS}); none when the Platform Server sent none. */
    public static FontMap fonts(RenderRequest request) {
        String value = request.global().get(RenderRequest.FONTS);
        return value == null ? new FontMap(List.of(), "", false) : FontMap.decode(value);
    }

    /**
     * Lays out a text layer.
     *
     * @param commands the layer's commands
     * @param size     the layer's {@code size=} (empty: point text)
     * @param files    resolves a font file's path under the roots
     */
    public static TextLayer of(Map<String, String> commands, Optional<LayerCommands.SizeBox> size, FontMap fonts,
                               Function<String, Path> files) {
        // the Platform Server forwards only the last of src=, text= and textPs=; given both here (a request straight to
        // the Image Server, whose commands have no order), textPs=, the richer engine, is drawn
        boolean ps = commands.containsKey("textps");
        String name = ps ? "textPs" : "text";
        String rtf = commands.get(ps ? "textps" : "text");
        TextAttr attr = TextAttr.parse(commands.get("textattr"), ps);
        for (String refused : List.of("textPath", "textFlowPath", "textFlowXPath", "textAngle", "pathAttr")) {
            if (commands.containsKey(refused.toLowerCase(Locale.ROOT))) {
                throw Values.usage(refused, commands.get(refused.toLowerCase(Locale.ROOT)), "not supported yet");
            }
        }
        try {
            RtfDocument doc = ps ? RtfParser.parse(rtf) : RtfParser.parse(rtf).forTextEngine();
            TextFonts textFonts = new TextFonts(fonts, files);
            double perPoint = attr.resolution() / 72.0;
            double boxWidth = size.map(LayerCommands.SizeBox::width).orElse(0);
            double boxHeight = size.map(LayerCommands.SizeBox::height).orElse(0);
            if (boxWidth <= 0 && boxHeight > 0) {
                throw Values.usage("size", size.get().width() + "," + size.get().height(),
                        "a text layer's size needs a width (0,0 or none: sized by its text)");
            }
            boolean box = boxWidth > 0 && boxHeight > 0;
            TextBlock block;
            if (box && ps) {
                block = copyFitted(doc, textFonts, boxWidth, boxHeight, perPoint, attr.wrap());
            } else if (box && attr.resMode() != TextAttr.ResMode.FIXED) {
                block = scaledToFit(doc, textFonts, boxWidth, boxHeight, perPoint, attr);
            } else {
                block = TextBlock.layout(doc, textFonts, boxWidth, perPoint, 0, attr.wrap());
            }
            double width = boxWidth > 0 ? boxWidth : block.width();
            double height = box ? boxHeight : block.height();
            double dy = 0;
            if (box) {
                double room = boxHeight - block.height();
                dy = switch (doc.verticalAlign()) {
                    case CENTER -> room / 2;
                    case BOTTOM -> room;
                    default -> 0;
                };
            }
            if (!ps) {
                // text= keeps the glyphs inside the box: down from the top, never above it ("Text positioning")
                double top = block.visualBounds().getY() + dy;
                if (top < 0) {
                    dy -= top;
                }
            }
            Optional<Point2D.Double> origin = Optional.empty();
            if (size.isEmpty()) {
                Align align = block.firstAlign();
                double x = align == Align.RIGHT ? width : align == Align.CENTER ? width / 2 : 0;
                origin = Optional.of(new Point2D.Double(x, block.firstBaseline() + dy));
            }
            if (width < 1 || height < 1) {
                // nothing to draw (empty text): a pixel keeps every later step simple
                width = Math.max(1, width);
                height = Math.max(1, height);
            }
            return new TextLayer(block, width, height, dy, attr.antialias(), origin);
        } catch (TextException e) {
            throw Values.usage(name, shorten(rtf), e.getMessage());
        }
    }

    private static String shorten(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }

    /**
     * {@code \copyfit}: the runs that allow it grow together from {@code \fs} towards their {@code \copyfit} size, as far
     * as the box's height allows (the smallest sizes when even they overflow).
     */
    private static TextBlock copyFitted(RtfDocument doc, TextFonts fonts, double boxWidth, double boxHeight,
                                        double perPoint, boolean wrap) {
        boolean fits = doc.paragraphs().stream().flatMap(p -> p.runs().stream()).anyMatch(r -> r.style().fits());
        TextBlock smallest = TextBlock.layout(doc, fonts, boxWidth, perPoint, 0, wrap);
        if (!fits) {
            return smallest;
        }
        RtfDocument.CopyfitLines limit = doc.copyfitLines();
        if (!fitsIn(smallest, boxHeight, limit)) {
            // even the smallest sizes overflow: \copyfitmaxlines cuts the extra lines, \copyfitlines lets them be
            return limit.truncate() ? smallest.firstLines(limit.lines()) : smallest;
        }
        TextBlock largest = TextBlock.layout(doc, fonts, boxWidth, perPoint, 1, wrap);
        if (fitsIn(largest, boxHeight, limit)) {
            return largest;
        }
        double low = 0, high = 1;
        TextBlock best = smallest;
        for (int i = 0; i < FIT_STEPS; i++) {
            double mid = (low + high) / 2;
            TextBlock tried = TextBlock.layout(doc, fonts, boxWidth, perPoint, mid, wrap);
            if (fitsIn(tried, boxHeight, limit)) {
                low = mid;
                best = tried;
            } else {
                high = mid;
            }
        }
        return best;
    }

    private static boolean fitsIn(TextBlock block, double boxHeight, RtfDocument.CopyfitLines limit) {
        return block.height() <= boxHeight && (limit.lines() == 0 || block.lineCount() <= limit.lines());
    }

    /**
     * {@code textAttr=} autoRes (the text scaled to fill the box) or maxRes (scaled down only as far as needed so
     * nothing is clipped): the resolution is searched, the text reflowed at each.
     */
    private static TextBlock scaledToFit(RtfDocument doc, TextFonts fonts, double boxWidth, double boxHeight,
                                         double perPoint, TextAttr attr) {
        TextBlock fixed = TextBlock.layout(doc, fonts, boxWidth, perPoint, 0, attr.wrap());
        boolean fitsAsIs = fitsIn(fixed, boxWidth, boxHeight);
        if (attr.resMode() == TextAttr.ResMode.MAX && fitsAsIs) {
            return fixed;
        }
        double low = 0.01, high = attr.resMode() == TextAttr.ResMode.MAX ? 1 : 100;
        TextBlock best = null;
        for (int i = 0; i < 14; i++) {
            double mid = Math.sqrt(low * high);
            TextBlock tried = TextBlock.layout(doc, fonts, boxWidth, perPoint * mid, 0, attr.wrap());
            if (fitsIn(tried, boxWidth, boxHeight)) {
                low = mid;
                best = tried;
            } else {
                high = mid;
            }
        }
        return best != null ? best : TextBlock.layout(doc, fonts, boxWidth, perPoint * low, 0, attr.wrap());
    }

    private static boolean fitsIn(TextBlock block, double boxWidth, double boxHeight) {
        java.awt.geom.Rectangle2D v = block.visualBounds();
        return block.height() <= boxHeight && v.getMaxX() <= boxWidth + 0.5 && v.getX() >= -0.5;
    }

    /** The layer's size in layer pixels: the box, or what the text takes. */
    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /** Point text's origin when the request gives none: on the first baseline, by the first paragraph's alignment. */
    public Optional<Point2D.Double> defaultOrigin() {
        return defaultOrigin;
    }

    /** The layer as a drawing of its size, drawn at the scale the reply needs. */
    public OpenSource.Vector source() {
        int w = (int) Math.max(1, Math.ceil(width)), h = (int) Math.max(1, Math.ceil(height));
        return new OpenSource.Vector(w, h, (dw, dh) -> draw(dw, dh, dw / (double) w, dh / (double) h));
    }

    private BufferedImage draw(int w, int h, double sx, double sy) {
        if ((long) w * h > MAX_PIXELS) {
            throw RenderException.forbidden(String.format("a text layer would be drawn at %d x %d pixels, more than "
                    + "%.0f megapixels", w, h, MAX_PIXELS / 1e6));
        }
        BufferedImage image = Pixels.create(w, h);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, antialias
                    ? RenderingHints.VALUE_TEXT_ANTIALIAS_ON : RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, antialias
                    ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(sx, sy);
            block.draw(g, 0, dy);
        } finally {
            g.dispose();
        }
        return image;
    }
}
