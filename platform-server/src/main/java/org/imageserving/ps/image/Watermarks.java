package org.imageserving.ps.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.imageserving.common.protocol.Commands;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.request.CommandAssembler;
import org.imageserving.ps.request.LayerSegments;
import org.imageserving.ps.request.MacroExpander;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ObjectResolver;
import org.imageserving.ps.request.ProtocolCheck;
import org.imageserving.ps.request.ResolvedObject;

/**
 * {@code attribute::Watermark} ("Watermarks", "Watermark"): the record it names is merged over the composite of every
 * {@code req=img} request of its catalog (of every request when {@code default.ini} sets it; an empty value in a
 * catalog turns it off), before the view transform and never over the view's padding.
 *
 * <p>The watermark becomes the top layer of the render request, named by {@link RenderRequest#WATERMARK} so that the
 * Image Server merges it after the composite's own opacity and filters; it is thus part of the response-cache key (and
 * its image's version part of the entry's version): a catalog that starts, changes or stops watermarking can never be
 * answered with a reply cached before. As the pages describe: {@code sizeN=} of the record's {@code Modifier} (on
 * {@code comp} or layer 0) scales it relative to the target composite, else it keeps its pixel size; {@code align=}
 * (the only request or view command honoured) puts it against an edge or corner, centred by default; its
 * {@code opac=} and {@code blendMode=} merge it; its other layer commands (crop, rotate, filters) shape it. The
 * alignment is relative to the canvas whatever origin the request gives layer 0 (the Image Server places the
 * watermark layer from the canvas centre).
 *
 * <p>A watermark record that is itself a composite (a template without {@code Path}, or a Modifier with layers or
 * {@code src=}) is rendered as a nested request of its own ({@code is{rootId/id}}, lossless with alpha) whose bytes
 * travel with the render request as the watermark layer's source; its {@code sizeN}, {@code align}, {@code opac} and
 * {@code blendMode} (of {@code comp} or layer 0) are withheld from that render and applied to the layer.
 */
final class Watermarks {
    /** What a composite watermark's own render leaves to the watermark layer (names in lower case). */
    private static final Set<String> COMPOSITE_MERGE = Set.of("sizen", "align", "opac", "blendmode");
    private final CatalogService catalogs;
    private final ObjectResolver resolver;
    private final SourceFiles sources;

    Watermarks(CatalogService catalogs, ObjectResolver resolver, SourceFiles sources) {
        this.catalogs = catalogs;
        this.resolver = resolver;
        this.sources = sources;
    }

    /** The render request with the main catalog's watermark as its top layer; unchanged when there is none. */
    /**
     * @param composite renders a composite watermark record (its object text, the commands withheld) as a nested request
     * @param inlines   the layers whose sources travel with the request: a composite watermark's is added
     */
    RenderRequest apply(RenderRequest request, Catalog main, String locale,
                        BiFunction<String, Set<String>, ImageRendering.InlineSource> composite,
                        Map<Integer, ImageRendering.InlineSource> inlines) {
        String id = main.attribute("Watermark").strip();
        if (id.isEmpty()) {
            return request;
        }
        String what = "attribute::Watermark=" + id + " of catalog '" + main.rootId() + "'";
        CatalogRecord record = ObjectResolver.lookup(main, id, locale).orElseThrow(() -> new RequestException(403,
                what + ": no such catalog record"));
        ResolvedObject resolved = resolver.resolveIn(catalogs.current(), main, id, locale);
        Map<String, String> own = CommandAssembler.assemble(ModifierTokenizer.fromCatalog(record.modifier()),
                List.of(), ModifierTokenizer.fromCatalog(record.postModifier()),
                new MacroExpander(record.catalog()::macro), id).commands();
        ProtocolCheck.acceptCommands(own);
        boolean layered = resolved.sourcePath().isEmpty() || own.keySet().stream().anyMatch(key ->
                key.startsWith(LayerSegments.PREFIX) && !key.startsWith(LayerSegments.PREFIX + "0:")
                        || key.equalsIgnoreCase("src") || key.equalsIgnoreCase(LayerSegments.PREFIX + "0:src"));
        int number = request.layers().get(request.layers().size() - 1).number() + 1;
        Map<String, String> layer;
        String source;
        if (layered) {
            // its own composite, rendered like src=is{...}; only how it is merged stays with the layer
            layer = new LinkedHashMap<>();
            for (String name : COMPOSITE_MERGE) {
                String value = own.containsKey(name) ? own.get(name) : own.get(LayerSegments.PREFIX + "0:" + name);
                if (value != null && !name.equals("align")) {
                    layer.put(name, value);
                }
            }
            String object = main.isDefault() ? record.id() : main.rootId() + "/" + record.id();
            ImageRendering.InlineSource nested = composite.apply(object, COMPOSITE_MERGE);
            inlines.put(number, nested);
            source = nested.name();
        } else {
            if (!sources.exists(resolved.sourcePath())) {
                throw new RequestException(403, what + ": image not found: " + resolved.sourcePath());
            }
            layer = layerCommands(own, what);
            source = resolved.sourcePath();
        }
        String maskPath = record.field("maskpath").strip();
        if (!maskPath.isEmpty() && !layered) {
            String mask = resolver.recordPath(record, maskPath);
            if (!sources.exists(mask)) {
                throw new RequestException(403, what + ": image not found: MaskPath " + mask);
            }
            layer.put("mask", mask);
        }
        // the Image Server counts a watermark's pos= from the canvas centre (not from layer 0's origin)
        double[] align = pair(own.getOrDefault("align", "0,0"), "align", what);
        String corner = format(align[0] / 2) + "," + format(align[1] / 2);
        layer.put("originN", corner);
        layer.put("posN", corner);
        List<Layer> layers = new ArrayList<>(request.layers());
        layers.add(Layer.of(number, source, ProtocolCheck.forImageServer(layer)));
        Map<String, String> global = new TreeMap<>(request.global());
        global.put(RenderRequest.WATERMARK, Integer.toString(number));
        return new RenderRequest(new TreeMap<>(global), layers);
    }

    /**
     * The record's commands that shape the watermark layer: layer and source commands of {@code comp} / layer 0
     * (where {@code sizeN=} is allowed, unlike on a request's layer 0); request and view commands are ignored.
     */
    private static Map<String, String> layerCommands(Map<String, String> own, String what) {
        Map<String, String> layer = new LinkedHashMap<>();
        own.forEach((key, value) -> {
            String name = key;
            if (key.startsWith(LayerSegments.PREFIX)) {
                if (!key.startsWith(LayerSegments.PREFIX + "0:")) {
                    throw new RequestException(403, what + ": a watermark of several layers is not supported yet");
                }
                name = key.substring(key.indexOf(':') + 1);
            }
            if (name.startsWith(LayerSegments.EFFECT_PREFIX)) {
                layer.put(name, value); // an effect of the watermark (a drop shadow)
                return;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("src") || lower.equals("mask")) {
                throw new RequestException(403, what + ": a watermark whose Modifier names its own " + lower
                        + "= is not supported yet");
            }
            if (lower.equals("originn") || lower.equals("posn") || lower.equals("origin") || lower.equals("pos")) {
                return; // placed by align=
            }
            if (Commands.find(lower).map(spec -> spec.scope().perLayer()).orElse(false)) {
                layer.put(lower, value);
            }
        });
        return layer;
    }

    private static double[] pair(String value, String command, String what) {
        String[] parts = value.split(",", -1);
        try {
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip())};
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new RequestException(403, what + ": " + command + "=" + value + " is not two numbers");
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
