package org.imageserving.is.filter;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code op_brightness}: shifts every channel by the given percentage of the range (−100 black, 100 white). */
public final class Brightness implements ToneAdjustment<Brightness.Settings> {
    public record Settings(int percent) {}

    @Override
    public Set<String> commands() {
        return Set.of("op_brightness");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        int percent = FilterValues.integer(commands, "op_brightness", -100, 100);
        return percent == 0 ? Optional.empty() : Optional.of(new Settings(percent));
    }

    @Override
    public double tone(Settings settings, double level) {
        return level + settings.percent() * 2.55;
    }
}
