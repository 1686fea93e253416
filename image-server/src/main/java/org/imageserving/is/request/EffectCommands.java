package org.imageserving.is.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The effect layers of one layer or of the composite ("Layer effects", "effect"): {@code @effect<n>:name} commands
 * among their parent's. An effect takes its parent's shape (its mask, as {@code maskUse} says), offset by {@code pos},
 * grown and blurred by its filters, filled with {@code color} at {@code opac}, blended with {@code blendMode}.
 *
 * @param number  below 0 an outer effect, drawn behind its parent; above 0 an inner effect, drawn on it
 * @param color   the effect's colour, non-premultiplied ARGB (required)
 * @param pos     offset from the parent, composite pixels
 * @param filters {@code op_blur}, {@code op_grow}, {@code op_noise}
 */
public record EffectCommands(int number, int color, double opacity, LayerStyle.BlendMode blendMode,
                             LayerStyle.MaskUse maskUse,
                             double posX, double posY, FilterCommands filters, double reach) {
    /** The prefix of an effect's commands among its parent's. */
    public static final String PREFIX = org.imageserving.common.render.Layer.EFFECT_PREFIX;

    public boolean outer() {
        return number < 0;
    }

    /** The effects among a parent's commands, in drawing order (higher numbers on top). */
    public static List<EffectCommands> parse(Map<String, String> commands) {
        Map<Integer, Map<String, String>> byNumber = new TreeMap<>();
        commands.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                int colon = key.indexOf(':');
                int number = Values.integer("effect", key, key.substring(PREFIX.length(), colon), -9999, 9999);
                byNumber.computeIfAbsent(number, n -> new TreeMap<>()).put(key.substring(colon + 1), value);
            }
        });
        List<EffectCommands> effects = new ArrayList<>();
        byNumber.forEach((number, c) -> effects.add(parse(number, c)));
        return effects;
    }

    /** Whether a name is an effect's command ({@code @effect-1:color}), and the command it carries. */
    public static Optional<String> commandOf(String key) {
        return key.startsWith(PREFIX) && key.indexOf(':') > 0 ? Optional.of(key.substring(key.indexOf(':') + 1))
                : Optional.empty();
    }

    private static EffectCommands parse(int number, Map<String, String> c) {
        if (number == 0) {
            throw Values.usage("effect", "0", "effect layers are numbered above or below 0");
        }
        if (!c.containsKey("color")) {
            throw Values.usage("effect", Integer.toString(number), "an effect layer needs color=");
        }
        int color = ColorValue.parse("color", c.get("color"));
        LayerStyle style = LayerStyle.parse(c);
        LayerStyle.MaskUse maskUse = style.maskUse();
        double px = 0, py = 0;
        if (style.pos().isPresent()) {
            if (style.pos().get().normalized()) {
                throw Values.usage("posN", c.get("posn"), "an effect layer's offset is pos= in pixels");
            }
            px = style.pos().get().x();
            py = style.pos().get().y();
        }
        FilterCommands filters = FilterCommands.parse(c);
        // how far beyond its parent an effect can reach: its offset, its growth and three blur radii
        double reach = Math.hypot(px, py) + 3 * number(c, "op_blur") + Math.abs(number(c, "op_grow"));
        return new EffectCommands(number, color, style.opacity(), style.blendMode(), maskUse, px, py, filters, reach);
    }

    private static double number(Map<String, String> c, String name) {
        String v = c.get(name);
        if (v == null) {
            return 0;
        }
        try {
            return Math.abs(Double.parseDouble(v.split(",")[0].strip()));
        } catch (NumberFormatException e) {
            return 0; // the filter's own parsing names the error
        }
    }
}
