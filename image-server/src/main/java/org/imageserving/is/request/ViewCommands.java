package org.imageserving.is.request;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The view commands (pages "wid", "hei", "scl", "fit", "align", "bgc", "rgn", "rect", "dpr"): how the composite
 * becomes the reply image.
 *
 * @param scl    inverse scale factor (view = composite / scl)
 * @param alignH −1 left .. 1 right; alignV −1 top .. 1 bottom
 * @param bgc    ARGB fill for padding, empty = {@code attribute::BkgColor}
 * @param dpr    {@code dpr=on,ratio}: the device pixel ratio the view size is multiplied by; empty for {@code off} (and
 *               for a ratio of 1, which the page says has no effect)
 */
public record ViewCommands(OptionalInt wid, OptionalInt hei, OptionalDouble scl, Optional<Fit> fit, double alignH,
                           double alignV, OptionalInt bgc, Optional<Region> rgn, Optional<Tile> rect,
                           OptionalDouble dpr) {
    /** The largest wid/hei accepted at all; attribute::MaxPix and IS::MaxRenderRgnPixels limit the reply further. */
    public static final int MAX_SIDE = 65_535;

    public enum FitMode { FIT, CONSTRAIN, CROP, WRAP, STRETCH, HFIT, VFIT }

    public record Fit(FitMode mode, boolean upscale) {}

    /** A rectangle in composite pixels; may reach outside the composite. */
    public record Region(double x, double y, double width, double height) {}

    /** {@code rect=x,y,w,h[,scale]}: a tile of the view image after enlarging it by {@code scale}. */
    public record Tile(int x, int y, int width, int height, double scale) {}

    public static ViewCommands parse(Map<String, String> c) {
        OptionalInt wid = side(c, "wid");
        OptionalInt hei = side(c, "hei");
        OptionalDouble scl = OptionalDouble.empty();
        if (c.containsKey("scl")) {
            double f = Values.real("scl", c.get("scl"), c.get("scl"), 0, 1e6);
            if (f <= 0) {
                throw Values.usage("scl", c.get("scl"), "must be greater than 0");
            }
            scl = OptionalDouble.of(f);
        }
        Optional<Fit> fit = Optional.empty();
        if (c.containsKey("fit")) {
            String v = c.get("fit");
            List<String> p = Values.parts("fit", v, 1, 2);
            FitMode mode;
            try {
                mode = FitMode.valueOf(p.get(0).strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Values.usage("fit", v, "mode must be fit, constrain, crop, wrap, stretch, hfit or vfit");
            }
            boolean upscale = p.size() > 1 && Values.flag("fit", v, p.get(1));
            fit = Optional.of(new Fit(mode, upscale));
        }
        double alignH = 0, alignV = 0;
        if (c.containsKey("align")) {
            String v = c.get("align");
            List<String> p = Values.parts("align", v, 2, 2);
            alignH = Values.real("align", v, p.get(0), -1, 1);
            alignV = Values.real("align", v, p.get(1), -1, 1);
        }
        OptionalInt bgc = c.containsKey("bgc") ? OptionalInt.of(0xFF000000 | ColorValue.parse("bgc", c.get("bgc")))
                : OptionalInt.empty();
        Optional<Region> rgn = Optional.empty();
        if (c.containsKey("rgn")) {
            String v = c.get("rgn");
            List<String> p = Values.parts("rgn", v, 4, 4);
            rgn = Optional.of(new Region(Values.real("rgn", v, p.get(0), -1e7, 1e7), Values.real("rgn", v, p.get(1), -1e7, 1e7),
                    Values.real("rgn", v, p.get(2), 1, 1e7), Values.real("rgn", v, p.get(3), 1, 1e7)));
        }
        Optional<Tile> rect = Optional.empty();
        if (c.containsKey("rect")) {
            String v = c.get("rect");
            List<String> p = Values.parts("rect", v, 4, 5);
            rect = Optional.of(new Tile(Values.integer("rect", v, p.get(0), -MAX_SIDE, MAX_SIDE * 16),
                    Values.integer("rect", v, p.get(1), -MAX_SIDE, MAX_SIDE * 16),
                    Values.integer("rect", v, p.get(2), 1, MAX_SIDE), Values.integer("rect", v, p.get(3), 1, MAX_SIDE),
                    p.size() == 5 ? positive("rect", v, p.get(4)) : 1.0));
        }
        return new ViewCommands(wid, hei, scl, fit, alignH, alignV, bgc, rgn, rect,
                c.containsKey("dpr") ? dpr(c.get("dpr")) : OptionalDouble.empty());
    }

    /**
     * {@code dpr=off|on,ratio}. The original reads the ratio from its CDN's headers when none is given; we have no such
     * header, so {@code on} needs its ratio.
     */
    private static OptionalDouble dpr(String v) {
        List<String> p = Values.parts("dpr", v, 1, 2);
        String mode = p.get(0).strip().toLowerCase(Locale.ROOT);
        if (mode.equals("off") && p.size() == 1) {
            return OptionalDouble.empty();
        }
        if (!mode.equals("on")) {
            throw Values.usage("dpr", v, "expects off or on,dprValue");
        }
        if (p.size() == 1) {
            throw Values.usage("dpr", v, "on needs a dprValue (no device pixel ratio is detected from CDN headers)");
        }
        double ratio = Values.real("dpr", v, p.get(1), 0, 100);
        if (ratio <= 0) {
            throw Values.usage("dpr", v, "dprValue must be greater than 0");
        }
        return ratio == 1 ? OptionalDouble.empty() : OptionalDouble.of(ratio);
    }

    private static OptionalInt side(Map<String, String> c, String name) {
        String value = c.get(name);
        return value == null ? OptionalInt.empty() : OptionalInt.of(Values.integer(name, value, value, 1, MAX_SIDE));
    }

    private static double positive(String name, String value, String text) {
        double d = Values.real(name, value, text, 0, 1e4);
        if (d <= 0) {
            throw Values.usage(name, value, "scale must be greater than 0");
        }
        return d;
    }
}
