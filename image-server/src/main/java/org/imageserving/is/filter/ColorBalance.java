package org.imageserving.is.filter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.imageserving.is.request.Values;

/**
 * {@code op_colorbalance=r,g,b}: shifts each RGB channel on its own by its percentage of the range, as
 * {@code op_brightness} shifts all three (100 pushes a channel to full, −100 to none).
 */
public final class ColorBalance implements ColorAdjustment<ColorBalance.Settings> {
    public record Settings(int red, int green, int blue) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_colorbalance");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        String v = commands.get("op_colorbalance");
        if (v == null) {
            return Optional.empty();
        }
        List<String> p = Values.parts("op_colorbalance", v, 3, 3);
        Settings settings = new Settings(Values.integer("op_colorbalance", v, p.get(0), -100, 100),
                Values.integer("op_colorbalance", v, p.get(1), -100, 100),
                Values.integer("op_colorbalance", v, p.get(2), -100, 100));
        return settings.equals(new Settings(0, 0, 0)) ? Optional.empty() : Optional.of(settings);
    }

    @Override
    public IntUnaryOperator perPixel(Settings settings) {
        int[] r = shift(settings.red()), g = shift(settings.green()), b = shift(settings.blue());
        return rgb -> (r[(rgb >> 16) & 0xFF] << 16) | (g[(rgb >> 8) & 0xFF] << 8) | b[rgb & 0xFF];
    }

    private static int[] shift(int percent) {
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            table[v] = Channels.clamp(v + percent * 2.55);
        }
        return table;
    }
}
