package org.imageserving.is.filter;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    public void adjust(Settings settings, Rgb pixel) {
        float saturation = 1 + settings.percent() / 100f;
        int r = pixel.red(), g = pixel.green(), b = pixel.blue();
        double luma = 0.299 * r + 0.587 * g + 0.114 * b;
        pixel.set(Channels.clamp(luma + (r - luma) * saturation), Channels.clamp(luma + (g - luma) * saturation),
                Channels.clamp(luma + (b - luma) * saturation));
    }
}
