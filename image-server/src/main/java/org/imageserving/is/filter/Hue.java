package org.imageserving.is.filter;

import java.awt.Color;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    public void adjust(Settings settings, Rgb pixel) {
        Color.RGBtoHSB(pixel.red(), pixel.green(), pixel.blue(), pixel.hsb);
        int rgb = Color.HSBtoRGB(pixel.hsb[0] + settings.degrees() / 360f, pixel.hsb[1], pixel.hsb[2]);
        pixel.set((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    }
}
