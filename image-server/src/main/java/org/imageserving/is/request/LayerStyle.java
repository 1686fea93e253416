package org.imageserving.is.request;

import java.awt.geom.Path2D;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a layer sits in the composite and how it is drawn: the placement commands ({@code pos}, {@code origin},
 * {@code anchor}, "Layer placement"), its visibility, opacity and blend mode, and its fills ({@code color},
 * {@code bgColor}). Read for every layer; {@code pos} and {@code blendMode} mean nothing on layer 0, which defines the
 * canvas (documented: ignored there).
 *
 * @param pos         offset from layer 0's origin to this layer's origin, composite pixels or (normalized) layer-0
 *                    sizes
 * @param origin      the layer's alignment point in its final rectangle: pixels from the top-left, or (normalized)
 *                    from the centre
 * @param anchor      a source point (pixels from the top-left, or normalized from the centre) carried through the
 *                    transforms; the origin unless {@code origin} is given
 * @param opacity     content opacity 0..1 ({@code opac}: opacity × fillOpacity)
 * @param color       {@code color=}: a solid layer's colour, or the fill behind an image layer's transparent parts
 * @param bgColor     {@code bgColor=}: fill of the final layer rectangle behind everything else
 * @param mask        {@code mask=}: the mask image, a path under the roots (the Platform Server resolves objects)
 * @param clipPath    {@code clipPath=}: what stays of the layer, in its pixels from its top-left
 * @param clipXPath   {@code clipXPath=}: what is cut out of that (only with a {@code clipPath}, as documented)
 * @param clipPathE   {@code clipPathE=}: names of paths saved in the source; what lies inside all of them stays
 * @param clipXPathE  {@code clipXPathE=}: names of saved paths whose inside is cut out
 */
public record LayerStyle(Optional<Point> pos, Optional<Point> origin, Optional<Point> anchor, double opacity,
                         boolean hidden, OptionalInt color, OptionalInt bgColor, BlendMode blendMode,
                         Optional<String> mask, MaskUse maskUse, Optional<Path2D.Double> clipPath,
                         Optional<Path2D.Double> clipXPath, List<String> clipPathE, List<String> clipXPathE) {

    /** Which part of a layer is its foreground ("maskUse"). */
    public enum MaskUse { NORM, INVERT, OFF }

    /** The same style without {@code color=}: a solid layer whose colour is its content, not a fill behind it. */
    public LayerStyle withoutColor() {
        return new LayerStyle(pos, origin, anchor, opacity, hidden, OptionalInt.empty(), bgColor, blendMode, mask,
                maskUse, clipPath, clipXPath, clipPathE, clipXPathE);
    }

    /** The same style with another origin (layer 0's is the canvas's; a self-sized clip layer's is its path's 0,0). */
    public LayerStyle withOrigin(Point point) {
        return new LayerStyle(pos, Optional.of(point), anchor, opacity, hidden, color, bgColor, blendMode, mask,
                maskUse, clipPath, clipXPath, clipPathE, clipXPathE);
    }

    /** A point; {@code normalized} values are fractions (of a size, or from a centre, as the command says). */
    public record Point(double x, double y, boolean normalized) {}

    /** The documented blend modes ("blendMode"). */
    public enum BlendMode { NORM, DISSOLVE, LIGHTEN, DARKEN, MULT, SCREEN }

    public static LayerStyle parse(Map<String, String> c) {
        Optional<Point> pos = point(c, "pos", "posN", 1e7, 100);
        Optional<Point> origin = point(c, "origin", "originN", 1e7, 100);
        Optional<Point> anchor = point(c, "anchor", "anchorN", 1e7, 100);
        double opacity = 1;
        if (c.containsKey("opac")) {
            String v = c.get("opac");
            List<String> p = Values.parts("opac", v, 1, 2);
            opacity = Values.integer("opac", v, p.get(0), 0, 100) / 100.0;
            if (p.size() == 2) {
                opacity *= Values.integer("opac", v, p.get(1), 0, 100) / 100.0;
            }
        }
        boolean hidden = c.containsKey("hide") && Values.flag("hide", c.get("hide"), c.get("hide"));
        OptionalInt color = c.containsKey("color") ? OptionalInt.of(ColorValue.parse("color", c.get("color")))
                : OptionalInt.empty();
        OptionalInt bgColor = c.containsKey("bgcolor") ? OptionalInt.of(ColorValue.parse("bgColor", c.get("bgcolor")))
                : OptionalInt.empty();
        BlendMode mode = BlendMode.NORM;
        if (c.containsKey("blendmode")) {
            String v = c.get("blendmode");
            try {
                mode = BlendMode.valueOf(v.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Values.usage("blendMode", v, "expected norm, dissolve, lighten, darken, mult or screen");
            }
        }
        MaskUse maskUse = MaskUse.NORM;
        if (c.containsKey("maskuse")) {
            String v = c.get("maskuse");
            try {
                maskUse = MaskUse.valueOf(v.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Values.usage("maskUse", v, "expected norm, invert or off");
            }
        }
        Optional<String> mask = Optional.ofNullable(c.get("mask")).map(String::strip).filter(m -> !m.isEmpty());
        Optional<Path2D.Double> clipPath = Optional.ofNullable(c.get("clippath"))
                .map(v -> org.imageserving.is.compose.ClipPath.parse("clipPath", v));
        Optional<Path2D.Double> clipXPath = Optional.ofNullable(c.get("clipxpath"))
                .map(v -> org.imageserving.is.compose.ClipPath.parse("clipXPath", v));
        return new LayerStyle(pos, origin, anchor, opacity, hidden, color, bgColor, mode, mask, maskUse, clipPath,
                clipXPath, names(c, "clipPathE"), names(c, "clipXPathE"));
    }

    /** A list of saved path names (ASCII, as documented). */
    private static List<String> names(Map<String, String> c, String name) {
        String value = c.get(name.toLowerCase(Locale.ROOT));
        if (value == null) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>();
        for (String part : value.split(",")) {
            String n = part.strip();
            if (n.isEmpty() || !n.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
                throw Values.usage(name, value, "path names are non-empty ASCII");
            }
            names.add(n);
        }
        return List.copyOf(names);
    }

    /** The pixel form wins when both are given (as for crop/cropN: the names differ, so both can arrive). */
    private static Optional<Point> point(Map<String, String> c, String name, String normalizedName, double limit,
                                         double normalizedLimit) {
        String key = name.toLowerCase(Locale.ROOT);
        String keyN = normalizedName.toLowerCase(Locale.ROOT);
        if (c.containsKey(key)) {
            return Optional.of(point(name, c.get(key), limit, false));
        }
        if (c.containsKey(keyN)) {
            return Optional.of(point(normalizedName, c.get(keyN), normalizedLimit, true));
        }
        return Optional.empty();
    }

    private static Point point(String name, String v, double limit, boolean normalized) {
        List<String> p = Values.parts(name, v, 2, 2);
        return new Point(Values.real(name, v, p.get(0), -limit, limit), Values.real(name, v, p.get(1), -limit, limit),
                normalized);
    }
}
