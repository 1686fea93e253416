package org.imageserving.is.request;

import java.util.List;
import java.util.Map;
import org.imageserving.is.filter.FilterPipeline;
import org.imageserving.is.filter.FilterStep;

/**
 * The {@code op_*} filters a request asks for, typed and validated with the other commands, in render order. Values
 * outside a documented range are usage errors (the decision for out-of-range reals and ints), except that blur and
 * unsharp-mask radii are clamped to their documented maxima. What each filter reads and does is its class in
 * {@code org.imageserving.is.filter}.
 */
public record FilterCommands(List<FilterStep<?>> steps) {

    public static final FilterCommands NONE = new FilterCommands(List.of());

    public FilterCommands {
        steps = List.copyOf(steps);
    }

    public static FilterCommands parse(Map<String, String> c) {
        return new FilterCommands(FilterPipeline.parse(c));
    }
}
