package org.imageserving.is.request;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Tier 1 {@code op_*} filters with their documented ranges ({@code 02-commands.md} §6). Values outside a range
 * are usage errors (the spec's decision for out-of-range reals/ints), except that blur and unsharp-mask radii are
 * clamped to their documented maxima.
 */
public record FilterCommands(double blur, int brightness, int contrast, int hue, int saturation, boolean invert,
                             boolean sharpen, Optional<UnsharpMask> usm) {

    /** {@code op_usm}/{@code op_usmR}: radius scaled with the image unless {@code scaled} is false. */
    public record UnsharpMask(double amount, double radius, int threshold, boolean mono, boolean scaled) {}

    public static final FilterCommands NONE = new FilterCommands(0, 0, 0, 0, 0, false, false, Optional.empty());

    public static FilterCommands parse(Map<String, String> c) {
        double blur = c.containsKey("op_blur") ? clampedReal(c, "op_blur", 0, 100) : 0;
        Optional<UnsharpMask> usm = Optional.empty();
        // [Decision] op_usmR wins over op_usm when both are given: it is the more specific form.
        if (c.containsKey("op_usmr")) {
            usm = Optional.of(usm("op_usmR", c.get("op_usmr"), false));
        } else if (c.containsKey("op_usm")) {
            usm = Optional.of(usm("op_usm", c.get("op_usm"), true));
        }
        return new FilterCommands(blur, integer(c, "op_brightness", -100, 100), integer(c, "op_contrast", -100, 100),
                integer(c, "op_hue", -180, 180), integer(c, "op_saturation", -100, 100), flag(c, "op_invert"),
                flag(c, "op_sharpen"), usm.filter(u -> u.amount() > 0 && u.radius() > 0));
    }

    public boolean colorAdjustments() {
        return brightness != 0 || contrast != 0 || hue != 0 || saturation != 0 || invert;
    }

    private static UnsharpMask usm(String name, String v, boolean scaled) {
        List<String> p = Values.parts(name, v, 1, 4);
        double amount = Math.min(5, Math.max(0, Values.real(name, v, p.get(0), 0, 1e6)));
        double radius = p.size() > 1 ? Math.min(250, Values.real(name, v, p.get(1), 0, 1e6)) : 0;
        int threshold = p.size() > 2 ? Values.integer(name, v, p.get(2), 0, 255) : 0;
        boolean mono = p.size() > 3 && Values.flag(name, v, p.get(3));
        return new UnsharpMask(amount, radius, threshold, mono, scaled);
    }

    private static double clampedReal(Map<String, String> c, String name, double min, double max) {
        return Math.min(max, Values.real(name, c.get(name), c.get(name), min, 1e6));
    }

    private static int integer(Map<String, String> c, String name, int min, int max) {
        String v = c.get(name);
        return v == null ? 0 : Values.integer(name, v, v, min, max);
    }

    private static boolean flag(Map<String, String> c, String name) {
        String v = c.get(name);
        return v != null && Values.flag(name, v, v);
    }
}
