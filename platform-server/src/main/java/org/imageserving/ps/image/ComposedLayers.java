package org.imageserving.ps.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.request.LayerSegments;
import org.imageserving.ps.request.ProtocolCheck;

/**
 * The layers of a request ("Layering overview"), taken out of its assembled commands ({@link LayerSegments}).
 *
 * <p>Under {@code comp} most layer commands act on layer 0, but filter-type commands ({@code op_*}, {@code opac})
 * act on the composite: with layers above 0 they travel as commands of the whole request, which the Image Server
 * applies after compositing. A request without such layers keeps its single-layer form (and its cache keys): there
 * the composite is layer 0, and a {@code layer=0} segment simply adds to layer 0's commands.
 */
final class ComposedLayers {
    private final Map<Integer, Map<String, String>> segments;
    private final Map<String, String> compositeCommands;

    private ComposedLayers(Map<Integer, Map<String, String>> segments, Map<String, String> compositeCommands) {
        this.segments = segments;
        this.compositeCommands = compositeCommands;
    }

    /** Removes the layer segments' commands from {@code commands}, leaving what layer 0 and the request get. */
    static ComposedLayers split(Map<String, String> commands) {
        Map<Integer, Map<String, String>> segments = new TreeMap<>();
        commands.entrySet().removeIf(entry -> LayerSegments.parse(entry.getKey()).map(layer -> {
            segments.computeIfAbsent(layer.getKey(), n -> new LinkedHashMap<>()).put(layer.getValue(), entry.getValue());
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
        if (layer0 != null) {
            commands.putAll(layer0);
        }
        return new ComposedLayers(segments, composite);
    }

    boolean layered() {
        return !segments.isEmpty();
    }

    /**
     * The render request: layer 0 from {@code layer0Commands} (already what the Image Server gets), the layers above
     * it with their sources resolved by {@code sourceFile} (whose catalog record's commands the layer's own override).
     */
    RenderRequest request(String source, Map<String, String> layer0Commands,
                          Function<String, ImageRendering.LayerSourceFile> sourceFile) {
        RenderRequest single = RenderRequest.of(source, layer0Commands);
        if (segments.isEmpty()) {
            return single;
        }
        Map<String, String> global = new TreeMap<>(single.global());
        global.putAll(ProtocolCheck.forImageServer(compositeCommands));
        List<Layer> layers = new ArrayList<>();
        layers.add(single.layer0());
        segments.forEach((number, commands) -> {
            Map<String, String> own = new LinkedHashMap<>(commands);
            String src = own.remove("src");
            String path = "";
            if (src != null && !src.isBlank()) {
                ImageRendering.LayerSourceFile file = sourceFile.apply(src.strip());
                path = file.path();
                file.defaults().forEach(own::putIfAbsent);
            }
            layers.add(Layer.of(number, path, ProtocolCheck.forImageServer(own)));
        });
        return new RenderRequest(new TreeMap<>(global), layers);
    }
}
