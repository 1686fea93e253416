package org.imageserving.ps.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.request.LayerSegments;
import org.imageserving.ps.request.ProtocolCheck;
import org.imageserving.ps.request.TextFonts;

/**
 * The layers of a request ("Layering overview"), taken out of its assembled commands ({@link LayerSegments}).
 *
 * <p>Under {@code comp} most layer commands act on layer 0, but filter-type commands ({@code op_*}, {@code opac})
 * act on the composite: with layers above 0 they travel as commands of the whole request, which the Image Server
 * applies after compositing. A request without such layers keeps its single-layer form (and its cache keys): there
 * the composite is layer 0, and a {@code layer=0} segment simply adds to layer 0's commands. Effect segments
 * ({@code effect=n}) travel inside their parent's commands as {@code @effect<n>:name}; comp's apply to the composite.
 */
final class ComposedLayers {
    private final Map<Integer, Map<String, String>> segments;
    private final Map<String, String> compositeCommands;
    private final Map<String, String> layer0Effects;

    private ComposedLayers(Map<Integer, Map<String, String>> segments, Map<String, String> compositeCommands,
                           Map<String, String> layer0Effects) {
        this.segments = segments;
        this.compositeCommands = compositeCommands;
        this.layer0Effects = layer0Effects;
    }

    /** Removes the layer segments' commands from {@code commands}, leaving what layer 0 and the request get. */
    static ComposedLayers split(Map<String, String> commands) {
        Map<Integer, Map<String, String>> segments = new TreeMap<>();
        commands.entrySet().removeIf(entry -> LayerSegments.parse(entry.getKey()).map(layer -> {
            Map<String, String> segment = segments.computeIfAbsent(layer.getKey(), n -> new LinkedHashMap<>());
            if (!layer.getValue().isEmpty()) { // the empty name only marks the layer
                segment.put(layer.getValue(), entry.getValue());
            }
            return true;
        }).orElse(false));
        Map<String, String> layer0 = segments.remove(0);
        Map<String, String> composite = new LinkedHashMap<>();
        if (!segments.isEmpty()) {
            commands.entrySet().removeIf(entry -> {
                String name = entry.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("flip") || name.equals("clippath")) {
                    throw new RequestException(403, entry.getKey() + "=" + entry.getValue() + " on comp: mirroring or "
                            + "clipping a composite of several layers is not supported yet; give it to a layer=n");
                }
                if (name.startsWith("op_") || name.equals("opac")) {
                    composite.put(entry.getKey(), entry.getValue());
                    return true;
                }
                return false;
            });
        }
        Map<String, String> layer0Effects = new LinkedHashMap<>();
        if (layer0 != null) {
            // effects of layer 0 act on layer 0 alone when there are layers above it; comp's act on the composite
            layer0.forEach((name, value) -> (!segments.isEmpty() && name.startsWith(LayerSegments.EFFECT_PREFIX)
                    ? layer0Effects : commands).put(name, value));
        }
        return new ComposedLayers(segments, composite, layer0Effects);
    }

    boolean layered() {
        return !segments.isEmpty();
    }

    /**
     * A layer's source file, its catalog record's MaskPath (null when it has none) and the layer commands the record's
     * Modifier gives it by default (the layer's own override them).
     */
    record LayerFile(String path, String maskPath, Map<String, String> defaults) {}

    /**
     * The render request: layer 0 from {@code layer0Commands} (already what the Image Server gets), the layers above
     * it with their sources resolved by {@code sourcePath} (layer number, src= value) and their {@code mask=} values by
     * {@code maskPath}.
     */
    RenderRequest request(String source, Map<String, String> layer0Commands,
                          BiFunction<Integer, String, LayerFile> sourcePath, UnaryOperator<String> maskPath) {
        RenderRequest single = RenderRequest.of(source, layer0Commands);
        if (segments.isEmpty()) {
            return single;
        }
        Map<String, String> global = new TreeMap<>(single.global());
        global.putAll(ProtocolCheck.forImageServer(compositeCommands));
        List<Layer> layers = new ArrayList<>();
        Map<String, String> layer0 = new TreeMap<>(single.layer0().commands());
        layer0.putAll(ProtocolCheck.forImageServer(layer0Effects));
        layers.add(Layer.of(0, single.layer0().source(), layer0));
        segments.forEach((number, commands) -> {
            Map<String, String> own = new LinkedHashMap<>(commands);
            String src = ProtocolCheck.remove(own, "src");
            if (TextFonts.isText(own)) {
                src = null; // a text layer draws its text (textPs=/text= and src= exclude each other)
            }
            LayerFile file = src == null || src.isBlank() ? new LayerFile("", null, Map.of())
                    : sourcePath.apply(number, src.strip());
            file.defaults().forEach(own::putIfAbsent);
            Map<String, String> forwarded = ProtocolCheck.forImageServer(own);
            String mask = ProtocolCheck.remove(forwarded, "mask");
            if (mask != null) {
                forwarded.put("mask", maskPath.apply(mask.strip()));
            } else if (file.maskPath() != null) {
                forwarded.put("mask", file.maskPath());
            }
            layers.add(Layer.of(number, file.path(), forwarded));
        });
        return new RenderRequest(new TreeMap<>(global), layers);
    }
}
