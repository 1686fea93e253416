package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code op_blur}: a Gaussian blur whose radius is given in composite pixels, so a reduced reply is blurred as much,
 * relative to its content, as a full-size one. Radii over the documented 100 are clamped, not refused.
 */
public final class Blur implements ImageFilter<Blur.Settings> {
    public record Settings(double radius) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_blur");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        return FilterValues.clampedReal(commands, "op_blur", 100).filter(r -> r > 0).map(Settings::new);
    }

    @Override
    public void apply(BufferedImage image, Settings settings, FilterScale scale) {
        GaussianBlur.blur(image, settings.radius() * scale.composite());
    }
}
