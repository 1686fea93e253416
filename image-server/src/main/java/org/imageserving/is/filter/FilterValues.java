package org.imageserving.is.filter;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.imageserving.is.request.Values;

/** Reading a filter's command from a request; names are looked up lower case and reported as documented. */
final class FilterValues {
    private FilterValues() {}

    /** An int in {@code min..max}; 0 (no change, for every such filter) when absent. */
    static int integer(Map<String, String> commands, String name, int min, int max) {
        String v = commands.get(name.toLowerCase(Locale.ROOT));
        return v == null ? 0 : Values.integer(name, v, v, min, max);
    }

    static boolean flag(Map<String, String> commands, String name) {
        String v = commands.get(name.toLowerCase(Locale.ROOT));
        return v != null && Values.flag(name, v, v);
    }

    /** A non-negative real; values above {@code max} are clamped to it rather than refused. */
    static Optional<Double> clampedReal(Map<String, String> commands, String name, double max) {
        String v = commands.get(name.toLowerCase(Locale.ROOT));
        return v == null ? Optional.empty() : Optional.of(Math.min(max, Values.real(name, v, v, 0, 1e6)));
    }
}
