package org.imageserving.is.filter;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code op_invert}: the negative of each colour channel; alpha is kept, so transparent areas stay transparent. */
public final class Invert implements ToneAdjustment<Invert.Settings> {
    /** Inverting has no parameter: the step is either there or not. */
    public record Settings() {}

    @Override
    public Set<String> commands() {
        return Set.of("op_invert");
    }

    @Override
    public Optional<Settings> parse(Map<String, String> commands) {
        return FilterValues.flag(commands, "op_invert") ? Optional.of(new Settings()) : Optional.empty();
    }

    @Override
    public double tone(Settings settings, double level) {
        return 255 - Channels.clamp(level);
    }
}
