package org.imageserving.is.request;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Geometry commands of a layer, applied in the documented order
 * ("Layer transforms"): crop, size/scale, flip, rotate, extend.
 */
public record LayerCommands(Optional<Crop> crop, Optional<SizeBox> size, OptionalDouble scale, Flip flip,
                            double rotate, Optional<Extend> extend) {

    /** Offsets and size in source pixels, or (normalized) as fractions of the source size. */
    public record Crop(double x, double y, double width, double height, boolean normalized) {}

    /** {@code size=w,h} in pixels; 0 = derived from the aspect ratio. */
    public record SizeBox(int width, int height) {}

    /** Margins in layer pixels, or (normalized) as fractions of the transformed layer rectangle. */
    public record Extend(double left, double top, double right, double bottom, boolean normalized) {}

    public enum Flip {
        NONE(false, false), LR(true, false), UD(false, true), LRUD(true, true);

        public final boolean horizontal;
        public final boolean vertical;

        Flip(boolean horizontal, boolean vertical) {
            this.horizontal = horizontal;
            this.vertical = vertical;
        }
    }

    public static LayerCommands parse(Map<String, String> c) {
        Optional<Crop> crop = Optional.empty();
        // Our choice: when both forms are given, the pixel form wins (the command names differ, so both can arrive).
        if (c.containsKey("crop")) {
            crop = Optional.of(crop("crop", c.get("crop"), false));
        } else if (c.containsKey("cropn")) {
            crop = Optional.of(crop("cropN", c.get("cropn"), true));
        }
        Optional<SizeBox> size = Optional.empty();
        if (c.containsKey("sizen")) {
            throw Values.usage("sizeN", c.get("sizen"), "normalized size is not allowed on layer 0");
        }
        if (c.containsKey("size")) {
            String v = c.get("size");
            List<String> p = Values.parts("size", v, 2, 2);
            SizeBox box = new SizeBox(Values.integer("size", v, p.get(0), 0, ViewCommands.MAX_SIDE),
                    Values.integer("size", v, p.get(1), 0, ViewCommands.MAX_SIDE));
            if (box.width() > 0 || box.height() > 0) {
                size = Optional.of(box);
            }
        }
        OptionalDouble scale = OptionalDouble.empty();
        if (c.containsKey("scale")) {
            double f = Values.real("scale", c.get("scale"), c.get("scale"), 0, 1e4);
            if (f <= 0) {
                throw Values.usage("scale", c.get("scale"), "must be greater than 0");
            }
            scale = OptionalDouble.of(f);
        }
        Flip flip = Flip.NONE;
        if (c.containsKey("flip")) {
            String v = c.get("flip");
            try {
                flip = Flip.valueOf(v.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw Values.usage("flip", v, "expected lr, ud or lrud");
            }
        }
        double rotate = 0;
        if (c.containsKey("rotate")) {
            rotate = Values.real("rotate", c.get("rotate"), c.get("rotate"), -1e6, 1e6);
            rotate = ((rotate % 360) + 360) % 360;
        }
        Optional<Extend> extend = Optional.empty();
        if (c.containsKey("extend")) {
            extend = Optional.of(extend("extend", c.get("extend"), false));
        } else if (c.containsKey("extendn")) {
            extend = Optional.of(extend("extendN", c.get("extendn"), true));
        }
        return new LayerCommands(crop, size, scale, flip, rotate, extend);
    }

    /**
     * A layer above layer 0: {@code sizeN=} is relative to the canvas (layer 0's rectangle), and {@code res=} scales
     * by {@code res / attribute::Resolution} when neither {@code size} nor {@code scale} is given ({@code resolution}
     * 0: res= has no meaning, as on a solid color layer).
     */
    public static LayerCommands parseAbove0(Map<String, String> c, double canvasWidth, double canvasHeight,
                                            double resolution) {
        Map<String, String> plain = new java.util.TreeMap<>(c);
        String sizeN = plain.remove("sizen");
        LayerCommands parsed = parse(plain);
        Optional<SizeBox> size = parsed.size();
        if (sizeN != null && size.isEmpty()) {
            List<String> p = Values.parts("sizeN", sizeN, 2, 2);
            double w = Values.real("sizeN", sizeN, p.get(0), 0, 100), h = Values.real("sizeN", sizeN, p.get(1), 0, 100);
            size = Optional.of(new SizeBox((int) Math.min(ViewCommands.MAX_SIDE, Math.round(w * canvasWidth)),
                    (int) Math.min(ViewCommands.MAX_SIDE, Math.round(h * canvasHeight))));
        }
        OptionalDouble scale = parsed.scale();
        if (c.containsKey("res") && size.isEmpty() && scale.isEmpty() && resolution > 0) {
            scale = OptionalDouble.of(Values.real("res", c.get("res"), c.get("res"), 1e-6, 1e6) / resolution);
        }
        return new LayerCommands(parsed.crop(), size, scale, parsed.flip(), parsed.rotate(), parsed.extend());
    }

    private static Crop crop(String name, String v, boolean normalized) {
        List<String> p = Values.parts(name, v, 4, 4);
        double limit = normalized ? 100 : 1e7;
        Crop crop = new Crop(Values.real(name, v, p.get(0), -limit, limit), Values.real(name, v, p.get(1), -limit, limit),
                Values.real(name, v, p.get(2), 0, limit), Values.real(name, v, p.get(3), 0, limit), normalized);
        if (crop.width() <= 0 || crop.height() <= 0) {
            throw Values.usage(name, v, "width and height must be greater than 0");
        }
        return crop;
    }

    private static Extend extend(String name, String v, boolean normalized) {
        List<String> p = Values.parts(name, v, 4, 4);
        double limit = normalized ? 100 : 1e6;
        return new Extend(Values.real(name, v, p.get(0), -limit, limit), Values.real(name, v, p.get(1), -limit, limit),
                Values.real(name, v, p.get(2), -limit, limit), Values.real(name, v, p.get(3), -limit, limit), normalized);
    }
}
