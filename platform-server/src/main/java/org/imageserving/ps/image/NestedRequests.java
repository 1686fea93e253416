package org.imageserving.ps.image;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.request.CommandAssembler;
import org.imageserving.ps.request.LayerSegments;
import org.imageserving.ps.request.MacroExpander;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ObjectResolver;
import org.imageserving.ps.request.ProtocolCheck;
import org.imageserving.ps.request.ResolvedObject;
import org.imageserving.ps.rules.AddressFilter;
import org.imageserving.ps.rules.RuleSetProcessor;

/**
 * Nested Image Serving requests, {@code src=is{request}} ("Nested and embedded requests"): the text between the braces is
 * a request as it would follow {@code /is/image/}, processed by the same pipeline as a client's (its main catalog's
 * rule set and client address filter, catalog lookup, macros, precedence), with every variable of the outer request
 * forwarded, then rendered (uncached, unless it says {@code cache=on}: then its result is kept in the response cache)
 * and sent to the Image Server as the source of the outer layer that names it.
 *
 * <p>The outer request was already unlocked, de-obfuscated and its signature checked as a whole, nested text
 * included, so those steps are not repeated. Nested text is not percent-decoded again: it was decoded with the outer
 * value. Inside, {@code fmt}, {@code qlt}, {@code iccEmbed}, {@code printRes}, {@code quantize}, {@code req} and
 * {@code bgc} are ignored (documented), as are the nested catalog's {@code MaxPix} and {@code DefaultPix}; the result
 * is lossless PNG with alpha, whose alpha becomes the layer's mask. At most {@value #MAX_DEPTH} levels and
 * {@value #MAX_REQUESTS} nested requests in all.
 */
final class NestedRequests {
    static final int MAX_DEPTH = 10;
    /**
     * Nested requests of one client request, all levels and layers together. The depth limit alone bounds nothing
     * when each level has several layers: three layers nesting the level below, nine deep, are 3^9 = 19683 renders
     * for one URL (found by HostileInputIT: no answer within minutes).
     */
    static final int MAX_REQUESTS = 100;
    /**
     * Output commands of the outer request only. A nested reply stays in the working space (sRGB), whatever its
     * {@code icc=} or catalog profiles say: the outer request converts the composite once, to its own output space
     * (the documentation lets a nested {@code icc=} choose a space of its own; not done: it would be converted twice).
     */
    private static final List<String> IGNORED_INSIDE = List.of("fmt", "qlt", "iccembed", "printres", "quantize", "req",
            "bgc", "bfc", "icc", "attribute::iccprofilergb", "attribute::iccprofilegray", "attribute::iccprofilecmyk");

    private final ImageRendering rendering;
    private final CatalogService catalogs;
    private final ObjectResolver resolver;

    NestedRequests(ImageRendering rendering, CatalogService catalogs, ObjectResolver resolver) {
        this.rendering = rendering;
        this.catalogs = catalogs;
        this.resolver = resolver;
    }

    /**
     * @param outer the outer request's commands, whose {@code $name} entries are its variables
     * @param depth the nesting level of {@code text}: 1 inside the client's request
     */
    ImageRendering.InlineSource source(ClientRequest request, String text, Map<String, String> outer, int depth,
                                       List<String> templates) {
        return source(request, text, outer, depth, templates, java.util.Set.of());
    }

    /**
     * @param withheld commands of {@code comp} and layer 0 left out of the nested render (names in lower case): the
     *                 watermark's {@code sizeN}, {@code align}, {@code opac} and {@code blendMode}, which apply to it
     *                 as a layer of the outer request
     */
    ImageRendering.InlineSource source(ClientRequest request, String text, Map<String, String> outer, int depth,
                                       List<String> templates, java.util.Set<String> withheld) {
        if (depth > MAX_DEPTH) {
            throw new RequestException(403, "src=is{...}: requests nested deeper than " + MAX_DEPTH + " levels are refused");
        }
        if (request.log().nestedRequest() > MAX_REQUESTS) {
            throw new RequestException(403, "src=is{...}: more than " + MAX_REQUESTS
                    + " nested requests, all levels and layers together, are refused");
        }
        String stripped = text.strip();
        int question = stripped.indexOf('?');
        String path = question < 0 ? stripped : stripped.substring(0, question);
        String query = question < 0 ? "" : stripped.substring(question + 1);
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        Catalogs all = catalogs.current();
        Catalog main = ObjectResolver.mainCatalog(all, elements(path));
        RuleSetProcessor.Outcome rules = RuleSetProcessor.apply(main.ruleSet(), "is",
                path + (query.isEmpty() ? "" : "?" + query), request.clientAddress());
        String rewritten = rules.request();
        question = rewritten.indexOf('?');
        path = question < 0 ? rewritten : rewritten.substring(0, question);
        query = question < 0 ? "" : rewritten.substring(question + 1);
        List<String> elements = elements(path);
        main = ObjectResolver.mainCatalog(all, elements).withOverrides(rules.attributes());
        if (!rules.addressFilterApplied()) {
            checkAddress(main, request.clientAddress());
        }
        List<Modifier> url = new ArrayList<>();
        outer.forEach((name, value) -> {
            if (name.startsWith("$")) {
                url.add(new Modifier(Modifier.Kind.VARIABLE, name.substring(1), value));
            }
        });
        url.addAll(ModifierTokenizer.fromCatalog(query));
        ResolvedObject object = elements.isEmpty()
                ? new ResolvedObject("", main, Optional.empty(), "")
                : resolver.resolve(all, elements, outer.getOrDefault("locale", "")).withOverrides(rules.attributes());
        // a nested request may call a template of its own (the only place a template calls another)
        RequestBody body = RequestBody.of(resolver, all, object, url, outer.getOrDefault("locale", ""), templates);
        ResolvedObject urlObject = object;
        object = body.target();
        CommandAssembler.Assembled assembled = CommandAssembler.assemble(body.modifier(), url, body.postModifier(),
                new MacroExpander(object.main()::macro), urlObject.requested());
        ProtocolCheck.acceptCommands(assembled.commands());
        RequestBody.checkTemplateCommand(assembled.commands(), url);
        Map<String, String> commands = new LinkedHashMap<>(assembled.commands());
        commands.keySet().removeIf(key -> withheld.contains(key.toLowerCase(java.util.Locale.ROOT))
                || key.startsWith(LayerSegments.PREFIX + "0:")
                && withheld.contains(key.substring(key.indexOf(':') + 1).toLowerCase(java.util.Locale.ROOT)));
        assembled.variables().forEach((name, value) -> {
            if (!name.equals("object")) {
                commands.put("$" + name, value);
            }
        });
        if (outer.containsKey("locale")) {
            commands.put("locale", outer.get("locale")); // the outer locale applies to the whole tree
        }
        RenderPlan prepared = rendering.prepare(request, object, commands, assembled.comments(), depth,
                body.templates());
        // not cached unless the nested request says cache=on (its server part: cache=off,on caches it too)
        String[] cache = commands.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("cache"))
                .map(Map.Entry::getValue).reduce((a, b) -> b).orElse("off").toLowerCase(java.util.Locale.ROOT)
                .split(",", -1);
        boolean cached = (cache.length > 1 ? cache[1] : cache[0]).strip().equals("on");
        return new ImageRendering.InlineSource("is{" + prepared.key() + "}", prepared.version(),
                cached ? () -> rendering.renderNestedCached(prepared).body()
                        : () -> rendering.renderUncached(prepared).body());
    }

    /** What a nested request's commands become for the Image Server (see the class comment). */
    static void applyNestedRules(Map<String, String> imageCommands) {
        IGNORED_INSIDE.forEach(imageCommands::remove);
        imageCommands.put("attribute::maxpix", "0,0");
        imageCommands.put("attribute::defaultpix", "0,0");
        imageCommands.put("fmt", "png-alpha");
    }

    private static void checkAddress(Catalog main, String client) {
        AddressFilter filter;
        try {
            filter = AddressFilter.parse(main.attribute("ClientAddressFilter"));
        } catch (IllegalArgumentException e) {
            throw new RequestException(500, "the catalog's ClientAddressFilter is invalid: " + e.getMessage());
        }
        if (!filter.allows(client)) {
            throw new RequestException(403, "nested request refused (client address not allowed by its catalog)");
        }
    }

    private static List<String> elements(String path) {
        return Arrays.stream(path.split("/")).filter(e -> !e.isEmpty()).toList();
    }
}
