package org.imageserving.common.render;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One layer of a {@link RenderRequest}: its number (0 is the base layer, which defines the canvas), its source and the
 * layer and source commands that apply to it ("Layering overview": commands of layer scope apply to the current
 * layer). Names are lower case and sorted, so layers that differ only in order or case of the names are equal.
 *
 * @param number   the layer's number; layers are drawn in ascending order
 * @param source   the image to draw: a path relative to an {@code IS::RootPath} with '/' separators, or empty when the
 *                 source travels with the request (a nested request's result, a foreign image) or the layer has none
 * @param commands command name (lower case) → decoded value
 */
public record Layer(int number, String source, SortedMap<String, String> commands) {
    /**
     * The prefix of an effect layer's commands among its parent's ({@code @effect-1:color}): effects travel inside the
     * layer (or, for comp, the request) they belong to.
     */
    public static final String EFFECT_PREFIX = "@effect";

    public Layer {
        if (number < 0) {
            throw new IllegalArgumentException("layer numbers are 0 or more: " + number);
        }
        Objects.requireNonNull(source, "source");
        SortedMap<String, String> normalized = new TreeMap<>();
        commands.forEach((name, value) -> normalized.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value)));
        commands = Collections.unmodifiableSortedMap(normalized);
    }

    public static Layer of(int number, String source, Map<String, String> commands) {
        return new Layer(number, source, new TreeMap<>(commands));
    }
}
