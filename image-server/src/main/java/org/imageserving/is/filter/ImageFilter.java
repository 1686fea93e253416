package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code op_*} filter. Its commands are typed once, when the request is parsed (a bad value is a usage error before
 * any file is touched), into immutable settings that a cached request can share between renders; the settings are
 * applied later, in the order of {@link FilterPipeline#STEPS}, whatever the order of the commands in the request.
 *
 * @param <S> the typed settings of one use of the filter
 */
public interface ImageFilter<S> {
    /** Where in the render a filter acts: on the composite, or on the final view image after flattening. */
    enum Stage { COMPOSITE, VIEW }

    /** The commands this filter reads, lower case as a request holds them. */
    Set<String> commands();

    /**
     * The settings the request's commands ask for, or empty when they leave the image as it is (absent, or a value
     * with no effect).
     */
    Optional<S> parse(Map<String, String> commands);

    /** Changes {@code image} (working layout: premultiplied ARGB) in place. */
    void apply(BufferedImage image, S settings, FilterScale scale);

    default Stage stage() {
        return Stage.COMPOSITE;
    }
}
