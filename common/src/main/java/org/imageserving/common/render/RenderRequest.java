package org.imageserving.common.render;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.imageserving.common.protocol.CommandSpec;
import org.imageserving.common.protocol.Commands;

/**
 * A fully resolved render request: what the Platform Server sends to the Image Server after catalog lookup, macro
 * expansion and variable substitution, and (in its {@link #canonical()} form) the key of the response cache. It is
 * immutable and normalised: requests that differ only in the order or case of command names are equal.
 *
 * <p>Commands are split as the protocol's layering model splits them ({@link org.imageserving.common.protocol.Scope}):
 * request and view commands, catalog attributes and variables apply to the whole request; layer and source commands
 * to one {@link Layer}. Layer 0 always exists and its source is the URL's object (or {@code src=}).
 *
 * @param global commands of request and view scope, {@code attribute::} and {@code $} names (lower case → value)
 * @param layers the layers by ascending number; the first is layer 0
 */
public record RenderRequest(SortedMap<String, String> global, List<Layer> layers) {
    /** Frame header carrying layer 0's source; not a command name of the protocol. */
    public static final String OBJECT_HEADER = "@object";
    /**
     * Frame header (not a command, not in the cache key): the wall-clock time, in ms since the epoch, after which the
     * Platform Server no longer waits for the answer. The Image Server neither queues nor renders past it.
     */
    public static final String DEADLINE_HEADER = "@deadline";
    /**
     * Frame header saying where layer 0's source is: {@link #SOURCE_IN_BODY} when the Platform Server sends its bytes
     * as the frame body (a nested request's result, a foreign image); absent for a file under the roots.
     */
    public static final String SOURCE_HEADER = "@source";
    public static final String SOURCE_IN_BODY = "body";
    /**
     * A name of the whole request (and frame header) giving the number of the layer that is the catalog's watermark
     * ("Watermarks"): the Image Server draws it after the composite's own opacity and filters, so that they do not
     * act on it. Part of the cache key like every other name.
     */
    public static final String WATERMARK = "@watermark";
    /**
     * A name of the whole request (and frame header) carrying the {@link FontMap} of a request with text layers: the
     * font map entries its text may name, resolved to paths under the roots. Part of the cache key.
     */
    public static final String FONTS = "@fonts";
    /*
     * Several layers' sources in the body: a header SOURCE_HEADER + ":" + n says where layer n's bytes are
     * ("offset,length"); layer n's source then names them (inline{…}) rather than a file.
     */
    /** Frame headers of layer n's commands: {@code @layer2:pos}; {@code @layer2} itself carries its source. */
    private static final String LAYER_HEADER = "@layer";

    public RenderRequest {
        SortedMap<String, String> normalized = new TreeMap<>();
        global.forEach((name, value) -> normalized.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value)));
        global = Collections.unmodifiableSortedMap(normalized);
        List<Layer> sorted = new ArrayList<>(layers);
        sorted.sort(Comparator.comparingInt(Layer::number));
        if (sorted.isEmpty() || sorted.get(0).number() != 0) {
            throw new IllegalArgumentException("a render request needs layer 0");
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).number() == sorted.get(i - 1).number()) {
                throw new IllegalArgumentException("layer " + sorted.get(i).number() + " given twice");
            }
        }
        layers = List.copyOf(sorted);
    }

    /**
     * A request of one layer, its commands sorted into their scopes by the protocol model: layer and source commands
     * go to layer 0, everything else (request, view, attributes, variables, names the model does not know, which the
     * Image Server then refuses) to the whole request.
     */
    public static RenderRequest of(String object, Map<String, String> commands) {
        Objects.requireNonNull(object, "object");
        Map<String, String> global = new TreeMap<>();
        Map<String, String> layer0 = new TreeMap<>();
        commands.forEach((name, value) -> {
            boolean perLayer = !Commands.internal(name)
                    && Commands.find(name).map(CommandSpec::scope).map(s -> s.perLayer()).orElse(false);
            (perLayer ? layer0 : global).put(name, value);
        });
        return new RenderRequest(new TreeMap<>(global), List.of(Layer.of(0, object, layer0)));
    }

    /** Layer 0's source. */
    public String object() {
        return layers.get(0).source();
    }

    public Layer layer0() {
        return layers.get(0);
    }

    /**
     * The whole request's commands with layer 0's: what the Image Server reads while layer 0 is the only layer it
     * draws (names of the two scopes never collide: each name has one scope).
     */
    public SortedMap<String, String> commands() {
        if (layer0().commands().isEmpty()) {
            return global;
        }
        SortedMap<String, String> merged = new TreeMap<>(global);
        merged.putAll(layer0().commands());
        return Collections.unmodifiableSortedMap(merged);
    }

    /** A command of the whole request, else of layer 0; null when neither has it. */
    public String command(String name) {
        String value = global.get(name);
        return value != null ? value : layer0().commands().get(name);
    }

    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>(global);
        headers.put(OBJECT_HEADER, object());
        for (Layer layer : layers) {
            String prefix = LAYER_HEADER + layer.number();
            if (layer.number() > 0) {
                headers.put(prefix, layer.source());
            }
            layer.commands().forEach((name, value) -> headers.put(prefix + ":" + name, value));
        }
        return headers;
    }

    public static RenderRequest fromHeaders(Map<String, String> headers) {
        String object = headers.get(OBJECT_HEADER);
        if (object == null) {
            throw new IllegalArgumentException("render request without an object");
        }
        Map<String, String> global = new TreeMap<>();
        Map<Integer, String> sources = new TreeMap<>();
        Map<Integer, Map<String, String>> layerCommands = new TreeMap<>();
        sources.put(0, object);
        layerCommands.put(0, new TreeMap<>());
        headers.forEach((name, value) -> {
            if (name.equals(OBJECT_HEADER) || name.startsWith(SOURCE_HEADER) || name.equals(DEADLINE_HEADER)) {
                return;
            }
            if (!name.startsWith(LAYER_HEADER)) {
                global.put(name, value);
                return;
            }
            int colon = name.indexOf(':');
            int number = layerNumber(name.substring(LAYER_HEADER.length(), colon < 0 ? name.length() : colon));
            layerCommands.computeIfAbsent(number, n -> new TreeMap<>());
            if (colon < 0) {
                sources.put(number, value);
            } else {
                layerCommands.get(number).put(name.substring(colon + 1), value);
            }
        });
        List<Layer> layers = new ArrayList<>();
        layerCommands.forEach((number, commands) -> layers.add(Layer.of(number, sources.getOrDefault(number, ""), commands)));
        return new RenderRequest(new TreeMap<>(global), layers);
    }

    private static int layerNumber(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad layer header: " + LAYER_HEADER + digits);
        }
    }

    /**
     * The response-cache key: {@code object?name=value&...} with the whole request's names sorted, then for each layer
     * that has commands {@code &layer=n} (with {@code &src=} for layers above 0) and its sorted commands, as a URL
     * would say it; object and values URL-encoded.
     */
    public String canonical() {
        List<String> parts = new ArrayList<>();
        global.forEach((name, value) -> parts.add(part(name, value)));
        for (Layer layer : layers) {
            if (layer.number() == 0 && layer.commands().isEmpty()) {
                continue;
            }
            parts.add(part("layer", Integer.toString(layer.number())));
            if (layer.number() > 0) {
                parts.add(part("src", layer.source()));
            }
            layer.commands().forEach((name, value) -> parts.add(part(name, value)));
        }
        String object = URLEncoder.encode(object(), StandardCharsets.UTF_8);
        return parts.isEmpty() ? object : object + "?" + String.join("&", parts);
    }

    private static String part(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
