package org.imageserving.is.filter;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code op_contrast}: pushes values away from (positive) or towards (negative) the middle gray; 100 gives a hard
 * threshold and −100 a flat gray.
 */
public final class Contrast implements ToneAdjustment<Contrast.Settings> {
    public record Settings(int percent) {
        /** How far a value moves from the middle gray relative to where it was. */
        double factor() {
            return percent >= 0 ? (percent == 100 ? 1e6 : 100.0 / (100 - percent)) : (100 + percent) / 100.0;
        }
    }

    @Override
    public Set<String> commands() {
        return Set.of("op_contrast");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        int percent = FilterValues.integer(commands, "op_contrast", -100, 100);
        return percent == 0 ? Optional.empty() : Optional.of(new Settings(percent));
    }

    @Override
    public double tone(Settings settings, double level) {
        return (level - 127.5) * settings.factor() + 127.5;
    }
}
