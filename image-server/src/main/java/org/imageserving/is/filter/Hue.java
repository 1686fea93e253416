package org.imageserving.is.filter;

import java.awt.Color;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/** {@code op_hue}: rotates every colour around the colour wheel by the given degrees, keeping its saturation and value. */
public final class Hue implements ColorAdjustment<Hue.Settings> {
    public record Settings(int degrees) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_hue");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        int degrees = FilterValues.integer(commands, "op_hue", -180, 180);
        return degrees == 0 ? Optional.empty() : Optional.of(new Settings(degrees));
    }

    @Override
    public IntUnaryOperator perPixel(Settings settings) {
        float turn = settings.degrees() / 360f;
        float[] hsb = new float[3];
        return rgb -> {
            Color.RGBtoHSB((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, hsb);
            return Color.HSBtoRGB(hsb[0] + turn, hsb[1], hsb[2]) & 0xFFFFFF;
        };
    }
}
