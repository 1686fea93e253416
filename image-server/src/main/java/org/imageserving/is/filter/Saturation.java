package org.imageserving.is.filter;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * {@code op_saturation}: scales each colour's distance from the gray of its own luminance; −100 gives that gray, so a
 * photo turns into its black-and-white version rather than into flat channel averages.
 */
public final class Saturation implements ColorAdjustment<Saturation.Settings> {
    public record Settings(int percent) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_saturation");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        int percent = FilterValues.integer(commands, "op_saturation", -100, 100);
        return percent == 0 ? Optional.empty() : Optional.of(new Settings(percent));
    }

    @Override
    public IntUnaryOperator perPixel(Settings settings) {
        float saturation = 1 + settings.percent() / 100f;
        return rgb -> {
            int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
            double luma = 0.299 * r + 0.587 * g + 0.114 * b;
            return (Channels.clamp(luma + (r - luma) * saturation) << 16)
                    | (Channels.clamp(luma + (g - luma) * saturation) << 8) | Channels.clamp(luma + (b - luma) * saturation);
        };
    }
}
