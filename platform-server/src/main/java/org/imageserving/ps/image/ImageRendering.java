package org.imageserving.ps.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.imageserving.common.imaging.source.s3.ObjectPin;
import org.imageserving.common.protocol.Commands;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.RedirectedException;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.layersource.ForeignSources;
import org.imageserving.ps.layersource.LayerSource;
import org.imageserving.ps.request.BrowserFormat;
import org.imageserving.ps.request.CommandAssembler;
import org.imageserving.ps.request.LayerSegments;
import org.imageserving.ps.request.MacroExpander;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ObjectResolver;
import org.imageserving.ps.request.OutputProfiles;
import org.imageserving.ps.request.TextFonts;
import org.imageserving.ps.request.ProtocolCheck;
import org.imageserving.ps.request.ResolvedObject;
import org.imageserving.ps.responsecache.CachedRenderer.ServerMode;
import org.imageserving.ps.responsecache.CachedRenderer;
import org.imageserving.ps.responsecache.ResponseCache;

/**
 * Renders the image of a resolved request: the commands the Image Server gets (the request's, the catalog's rendering
 * attributes as {@code attribute::<name>}, the record's defaults), the default image for a missing source, redirect on
 * error, and the response cache in front of the Image Server.
 */
final class ImageRendering {
    /**
     * Names the form of the keys: changed whenever what a key stands for changes (2: layered render requests, property
     * data from the Image Server), so that no entry written by an older version is served for a newer request.
     */
    private static final String KEY_FORMAT = "2|";
    private final ImageServerClient imageServer;
    private final CatalogService catalogs;
    private final ObjectResolver resolver;
    private final SourceFiles sources;
    private final CachedRenderer renderer;
    private final ErrorRedirect errorRedirect;
    private final ForeignSources foreign;
    private final Duration foreignExpiration;
    private final NestedRequests nestedRequests;
    private final Watermarks watermarks;
    private final Clock clock;

    /**
     * @param foreign           fetches {@code src={url}} sources
     * @param foreignExpiration {@code IS::RemoteUrlDefaultExpiration}
     */
    ImageRendering(ImageServerClient imageServer, CatalogService catalogs, ObjectResolver resolver, SourceFiles sources,
                   CachedRenderer renderer, ErrorRedirect errorRedirect, ForeignSources foreign,
                   Duration foreignExpiration, Clock clock) {
        this.foreign = foreign;
        this.foreignExpiration = foreignExpiration;
        this.nestedRequests = new NestedRequests(this, catalogs, resolver);
        this.watermarks = new Watermarks(catalogs, resolver, sources);
        this.imageServer = imageServer;
        this.catalogs = catalogs;
        this.resolver = resolver;
        this.sources = sources;
        this.renderer = renderer;
        this.errorRedirect = errorRedirect;
        this.clock = clock;
    }

    /** A render and everything its reply headers depend on. */
    record Rendered(RenderedImage image, CachedRenderer.Outcome outcome, double ttlHours,
                            boolean clientCacheable, Instant lastModified, boolean neverExpires, boolean varyAccept) {}

    /**
     * What a catalog record contributes besides Path and the modifiers: its own {@code Resolution},
     * {@code PrintResolution}, {@code ThumbType}, {@code ThumbRes} (when set and not 0) replace the catalog attribute
     * they default to; its {@code Anchor} is the layer's default {@code anchor=} when there are layers to place
     * ({@code MaskPath} is applied with {@code mask=}).
     */
    private static void recordDefaults(CatalogRecord record, Map<String, String> imageCommands, boolean layered) {
        String anchor = record.field("anchor").strip();
        if (layered && !anchor.isEmpty() && imageCommands.keySet().stream().noneMatch(
                name -> name.equalsIgnoreCase("anchor") || name.equalsIgnoreCase("anchorN"))) {
            imageCommands.put("anchor", anchor);
        }
        for (String field : List.of("resolution", "printresolution", "thumbtype", "thumbres")) {
            String value = record.field(field).strip();
            if (!value.isEmpty() && !value.equals("0")) {
                imageCommands.put("attribute::" + field, value);
            }
        }
    }

    Rendered render(ClientRequest request, ResolvedObject object, Map<String, String> commands,
                            List<String> comments) {
        return render(request, plan(request, object, commands, comments, List.of()));
    }

    /**
     * The plan of a client's request: {@link #prepare}d, with the caching it asked for.
     *
     * @param templates the templates whose body the request is ({@link RequestBody#templates()})
     */
    RenderPlan plan(ClientRequest request, ResolvedObject object, Map<String, String> commands, List<String> comments,
                    List<String> templates) {
        RenderPlan prepared = prepare(request, object, commands, comments, 0, templates);
        String[] cacheSetting = commands.getOrDefault("cache", "on").toLowerCase(Locale.ROOT).split(",", -1);
        String client = cacheSetting[0].strip();
        String server = (cacheSetting.length > 1 ? cacheSetting[1] : cacheSetting[0]).strip();
        ServerMode mode = switch (server) {
            case "off" -> ServerMode.OFF;
            case "validate" -> ServerMode.VALIDATE;
            case "update" -> ServerMode.UPDATE;
            default -> ServerMode.ON;
        };
        Catalog main = object.main();
        Catalog layerCatalog = object.layerCatalog();
        Optional<CatalogRecord> timeRecord = prepared.timeRecord();
        Instant catalogTime = max(main.timeStamp(), timeRecord.map(CatalogRecord::timeStamp).orElse(layerCatalog.timeStamp()));
        // Last-Modified: the record's TimeStamp (which defaults to its catalog's), else the catalog's
        Instant lastModified = timeRecord.map(CatalogRecord::timeStamp).orElse(layerCatalog.timeStamp());
        return prepared.withCaching(new RenderPlan.Caching(mode, client.equals("off"),
                main.attribute("CacheValidationPolicy").strip().equals("1"), catalogTime, lastModified));
    }

    /**
     * Whether the source file a plan was made for is still there (a plan is reused only then): one stat of the real
     * path checked when the plan was made, not a new lookup (this is on the path of every cache hit).
     */
    boolean sourceStillThere(RenderPlan plan) {
        return plan.sourceOnDisk() && Files.isRegularFile(plan.sourceFile());
    }

    Rendered render(ClientRequest request, RenderPlan plan) {
        RenderPlan.Caching caching = plan.caching();
        Instant fetchStarted = clock.instant();
        CachedRenderer.Outcome outcome;
        try {
            outcome = renderer.serveHashed(plan.keyHash(), caching.mode(), caching.catalogBased(), caching.catalogTime(),
                    plan.version(), () -> renderUncached(plan));
        } catch (RequestException e) {
            if (e.unreadableSource() && plan.inline() == null && errorRedirect.enabled()) {
                // a corrupt source is redirected whether or not a catalog names it (documented)
                throw errorRedirect.redirect(request.method(), request.requestUri(), request.rawQuery(),
                        e.getMessage());
            }
            throw e;
        }
        return rendered(request, plan, outcome, fetchStarted);
    }

    /**
     * As {@link #render(ClientRequest, RenderPlan)} when the response cache answers alone
     * ({@link CachedRenderer#serveIfCached}); empty, with nothing logged, when the request needs a render.
     */
    Optional<Rendered> renderIfCached(ClientRequest request, RenderPlan plan) {
        RenderPlan.Caching caching = plan.caching();
        Instant fetchStarted = clock.instant();
        Optional<CachedRenderer.Outcome> outcome = renderer.serveIfCached(plan.keyHash(), caching.mode(),
                caching.catalogBased(), caching.catalogTime(), plan.version());
        return outcome.isEmpty() ? Optional.empty() : Optional.of(rendered(request, plan, outcome.get(), fetchStarted));
    }

    private Rendered rendered(ClientRequest request, RenderPlan plan, CachedRenderer.Outcome outcome,
                              Instant fetchStarted) {
        RenderPlan.Caching caching = plan.caching();
        request.log().set("CacheUse", outcome.use().name());
        request.log().set("CacheKey", plan.keyHash());
        request.log().set("FetchTime", Long.toString(Duration.between(fetchStarted, clock.instant()).toMillis()));
        double ttl = plan.ttlHours();
        boolean neverExpires = ttl < 0;
        return new Rendered(outcome.image(), outcome, ttl, !caching.clientCacheOff() || neverExpires,
                caching.lastModified(), neverExpires, plan.varyAccept());
    }

    /** Layer 0's source when it travels with the request: a nested request's result or a foreign image. */
    record InlineSource(String keyPart, Supplier<String> version, Supplier<byte[]> bytes) {
        /**
         * How a layer above 0 names these bytes in the render request (and so in the cache key): a digest of what
         * names them, which fits a frame header whatever the nested request's key holds.
         */
        String name() {
            return "inline{" + ResponseCache.hash(keyPart) + "}";
        }
    }


    /**
     * A nested request with {@code cache=on} inside ("Nested and embedded requests"): its intermediate result is kept
     * in the response cache (lossless, under its own key) and validated against its sources like any entry.
     */
    RenderedImage renderNestedCached(RenderPlan plan) {
        return renderer.serveHashed(plan.keyHash(), ServerMode.ON, false, Instant.EPOCH, plan.version(),
                () -> renderUncached(plan)).image();
    }

    /** Has the Image Server render a prepared request, bypassing the response cache. */
    RenderedImage renderUncached(RenderPlan plan) {
        if (!plan.layerInlines().isEmpty()) {
            Map<Integer, byte[]> bodies = new java.util.TreeMap<>();
            long total = 0;
            if (plan.inline() != null) {
                bodies.put(0, plan.inline().bytes().get());
                total += bodies.get(0).length;
                imageServer.checkBodyBytes(total);
            }
            for (Map.Entry<Integer, InlineSource> layer : plan.layerInlines().entrySet()) {
                byte[] bytes = layer.getValue().bytes().get();
                total += bytes.length;
                imageServer.checkBodyBytes(total); // 100 layers of 50 MB foreign images would be 5 GB of heap
                bodies.put(layer.getKey(), bytes);
            }
            return imageServer.render(plan.request(), bodies);
        }
        if (plan.inline() != null) {
            return imageServer.render(plan.request(), plan.inline().bytes().get());
        }
        ObjectPin pin = plan.layer0Pin().get();
        if (pin == null) {
            return imageServer.render(plan.request());
        }
        try {
            return imageServer.render(plan.request(), pin);
        } catch (RequestException e) {
            if (e.status() == 503) {
                // most likely the object changed since its HEAD was kept: the next request asks the bucket again
                sources.forget(pin);
            }
            throw e;
        }
    }

    /**
     * The render request of a resolved request, its cache key and source version; {@code depth} counts the nested
     * requests ({@code src=is{…}}) around this one: 0 for the request from the client.
     */
    RenderPlan prepare(ClientRequest request, ResolvedObject object, Map<String, String> commands,
                     List<String> comments, int depth, List<String> templates) {
        String locale = commands.getOrDefault("locale", "");
        Catalog layerCatalog = object.layerCatalog();
        String source = object.sourcePath();
        Map<String, String> imageCommands = new LinkedHashMap<>(commands);
        ComposedLayers composed = ComposedLayers.split(imageCommands);
        InlineSource inline = null;
        // layer 0's mask from a record: the src= object's MaskPath, else (without src=) the URL record's
        String srcMask = null;
        String src = imageCommands.remove("src");
        // a text layer 0 draws its text, not the URL's object or a src= (they exclude each other)
        boolean textCanvas = TextFonts.isText(imageCommands);
        if (textCanvas) {
            src = null;
            source = "";
        }
        if (src != null) {
            LayerSource layerSource = LayerSource.parse(src);
            if (layerSource instanceof LayerSource.Nested nested) {
                inline = nestedRequests.source(request, nested.request(), commands, depth + 1, templates);
            } else if (layerSource instanceof LayerSource.Foreign foreignUrl) {
                inline = foreignSource(ForeignSources.resolve(object.main(), foreignUrl.url()));
            } else if (layerSource instanceof LayerSource.ObjectName name) {
                // an object, often $object$ in a template: a record's Modifier (and Anchor) are layer 0's defaults
                ComposedLayers.LayerFile file = objectSource(object, name.object(), commands, locale);
                source = file.path();
                srcMask = file.maskPath();
                if (file.defaults().keySet().stream().anyMatch(k -> k.startsWith(LayerSegments.EFFECT_PREFIX))) {
                    throw new RequestException(403, "src=" + src + ": effects in the Modifier of layer 0's source "
                            + "record are not supported yet (give them to the request's layer 0)");
                }
                Map<String, String> own = imageCommands;
                file.defaults().forEach(own::putIfAbsent);
            }
            if (inline != null) {
                source = "";
            }
        }
        double ttl = ttl(object, object.record());
        Optional<CatalogRecord> timeRecord = object.record();
        String reqType = commands.getOrDefault("req", "img").split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        // req=validate only checks the request's syntax: whether the image exists does not matter
        // a solid color layer 0 (size= and color=, no source) is a canvas: no file to find
        boolean solidCanvas = textCanvas || inline == null && source.isEmpty()
                && imageCommands.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("color"));
        boolean needsSource = !reqType.equals("validate") && inline == null && !solidCanvas;
        Optional<Optional<Path>> located = needsSource ? sources.find(source) : Optional.empty();
        boolean missing = needsSource && located.isEmpty();
        if (missing && depth > 0) {
            throw new RequestException(403, "image not found: " + (source.isEmpty() ? object.requested() : source)
                    + " (in a nested request)");
        }
        if (missing && object.record().isPresent() && errorRedirect.enabled()) {
            // in a catalog but not on this disk: the secondary server may have it (never for unknown images)
            throw errorRedirect.redirect(request.method(), request.requestUri(), request.rawQuery(),
                    "image not found: " + source);
        }
        if (missing) {
            DefaultImage substitute = defaultImage(object, commands, source);
            source = substitute.source();
            imageCommands = substitute.commands();
            imageCommands.remove("src");
            ttl = substitute.ttlHours();
            timeRecord = substitute.record();
        }
        Map<String, String> forwarded = ProtocolCheck.forImageServer(imageCommands);
        ProtocolCheck.checkCatalog(layerCatalog);
        ProtocolCheck.addRenderAttributes(layerCatalog, forwarded);
        OutputProfiles.resolve(resolver, layerCatalog, forwarded);
        if (timeRecord.isPresent()) {
            recordDefaults(timeRecord.get(), forwarded, composed.layered());
        }
        boolean varyAccept = false;
        if (depth == 0) {
            varyAccept = BrowserFormat.on(commands.getOrDefault("bfc", layerCatalog.attribute("Bfc")));
            if (varyAccept) {
                String fmt = BrowserFormat.choose(forwarded.get("fmt"), request.header("accept"));
                if (fmt != null) {
                    forwarded.put("fmt", fmt);
                }
            }
        } else {
            NestedRequests.applyNestedRules(forwarded);
        }
        effectMask(forwarded, layerCatalog);
        imageCommands = forwarded;
        // mask=, else the record's MaskPath when layer 0 is the record's own image
        String mask = ProtocolCheck.remove(imageCommands, "mask");
        if (mask != null) {
            imageCommands.put("mask", maskPath(mask, locale));
        } else if (src != null) {
            if (srcMask != null && !missing) {
                imageCommands.put("mask", srcMask);
            }
        } else if (inline == null && !missing && timeRecord.isPresent()
                && !timeRecord.get().field("maskpath").strip().isEmpty()) {
            imageCommands.put("mask", existing(resolver.recordPath(timeRecord.get(),
                    timeRecord.get().field("maskpath")), "MaskPath of " + timeRecord.get().id()));
        }
        Map<Integer, InlineSource> layerInlines = new java.util.TreeMap<>();
        RenderRequest renderRequest = composed.request(source, imageCommands, (number, layerSource) -> {
            LayerSource parsed = LayerSource.parse(layerSource);
            InlineSource layerInline = null;
            if (parsed instanceof LayerSource.Nested nested) {
                layerInline = nestedRequests.source(request, nested.request(), commands, depth + 1,
                        templates);
            } else if (parsed instanceof LayerSource.Foreign foreignUrl) {
                layerInline = foreignSource(ForeignSources.resolve(object.main(), foreignUrl.url()));
            }
            if (layerInline == null) {
                return layerFile(object, layerSource, commands, locale);
            }
            layerInlines.put(number, layerInline);
            // what names the bytes sent along, in the cache key (the layer has no file)
            return new ComposedLayers.LayerFile(layerInline.name(), null, Map.of());
        }, maskValue -> maskPath(maskValue, locale));
        renderRequest = TextFonts.add(renderRequest, layerCatalog, resolver);
        if (depth == 0 && reqType.equals("img")) {
            Map<String, String> outer = locale.isEmpty() ? Map.of() : Map.of("locale", locale);
            renderRequest = watermarks.apply(renderRequest, object.main(), locale, (watermark, withheld) ->
                    nestedRequests.source(request, watermark, outer, 1, templates, withheld), layerInlines);
        }
        String key = KEY_FORMAT + object.main().rootId() + "\n" + renderRequest.canonical() + "\n" + String.join("&", comments)
                + (inline == null ? "" : "\n" + inline.keyPart());
        String finalSource = source;
        // the object version the last validation saw is the one the Image Server is asked to render (none for a file)
        AtomicReference<ObjectPin> layer0Pin = new AtomicReference<>();
        Supplier<String> layer0Version = inline != null ? inline.version()
                : solidCanvas ? () -> "solid" : () -> {
                    layer0Pin.set(null);
                    return sources.version(finalSource, layer0Pin::set);
                };
        // every other file the reply is drawn from: the layers' sources and masks
        List<String> layerSources = new ArrayList<>();
        for (Layer layer : renderRequest.layers()) {
            if (layer.number() > 0 && !layer.source().isEmpty()) {
                layerSources.add(layer.source());
            }
            if (layer.commands().containsKey("mask")) {
                layerSources.add(layer.commands().get("mask"));
            }
        }
        Supplier<String> version = layerSources.isEmpty() ? layer0Version : () -> layer0Version.get() + "|"
                + String.join("|", layerSources.stream().map(path -> layerInlines.values().stream()
                        .filter(i -> i.name().equals(path)).findFirst().map(i -> i.version().get())
                        .orElseGet(() -> sources.version(path))).toList());
        // layer 0's source is the file the request names, found on disk: what a reused plan checks again
        // (an object in a bucket has no file to check: its plan is made again each time)
        Path sourceFile = needsSource && !missing ? located.get().orElse(null) : null;
        return new RenderPlan(renderRequest, key, ResponseCache.hash(key), version, inline, Map.copyOf(layerInlines), ttl, timeRecord, varyAccept,
                sourceFile, RenderPlan.Caching.UNCACHED, layer0Pin);
    }

    /**
     * {@code effectMask=}, else {@code attribute::ApplyEffectMask}; sent only when off, so requests that leave it at
     * its default share their cache entries.
     */
    private static void effectMask(Map<String, String> forwarded, Catalog catalog) {
        String value = catalog.attribute("ApplyEffectMask").strip();
        for (java.util.Iterator<Map.Entry<String, String>> i = forwarded.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, String> entry = i.next();
            if (entry.getKey().equalsIgnoreCase("effectmask")) {
                value = entry.getValue().strip();
                i.remove();
            }
        }
        if (value.equals("0") || value.equalsIgnoreCase("false")) {
            forwarded.put("effectMask", "0");
        } else if (!value.isEmpty() && !value.equals("1") && !value.equalsIgnoreCase("true")) {
            throw new RequestException(403, "effectMask=" + value + ": expected 0 or 1 (or attribute::ApplyEffectMask)");
        }
    }

    /**
     * The file a layer above 0 draws when {@code src=} names a catalog object or a path under the roots (nested and
     * foreign sources travel with the request as bytes, see {@link #prepare}).
     */
    ComposedLayers.LayerFile layerFile(ResolvedObject object, String src, Map<String, String> commands,
                                       String locale) {
        LayerSource layerSource = LayerSource.parse(src);
        if (!(layerSource instanceof LayerSource.ObjectName name)) {
            throw new RequestException(403, "src=" + src + ": nested and foreign sources are supported on layer 0 "
                    + "only, not yet on the layers above it");
        }
        ComposedLayers.LayerFile file = objectSource(object, name.object(), commands, locale);
        existing(file.path(), name.object() + " (src= of a layer)");
        return file;
    }

    /**
     * A layer's {@code src=object} ("What a catalog record contributes to a layer"): the file, and for a catalog record
     * its {@code MaskPath}, the layer commands of its {@code Modifier} (after its macros and the request's variables;
     * the layer's own commands override them) and its {@code Anchor} as the default {@code anchor=}. A template cannot
     * be a layer's source, nor a record whose Modifier names sources or layers itself (nest a request instead).
     */
    ComposedLayers.LayerFile objectSource(ResolvedObject object, String name, Map<String, String> commands,
                                          String locale) {
        ResolvedObject resolved = resolver.resolveIn(catalogs.current(), object.main(), name, locale);
        if (resolved.record().isEmpty()) {
            return new ComposedLayers.LayerFile(resolved.sourcePath(), null, Map.of());
        }
        CatalogRecord record = resolved.record().get();
        if (resolved.sourcePath().isEmpty()) {
            throw new RequestException(403, "src=" + name + ": '" + record.id() + "' is a template (it has no Path); "
                    + "templates cannot be a layer's source: call it with template= or inside src=is{...}");
        }
        List<Modifier> variables = new ArrayList<>();
        commands.forEach((key, value) -> {
            if (key.startsWith("$")) {
                variables.add(new Modifier(Modifier.Kind.VARIABLE, key.substring(1), value));
            }
        });
        Map<String, String> own = CommandAssembler.assemble(ModifierTokenizer.fromCatalog(record.modifier()),
                variables, List.of(), new MacroExpander(record.catalog()::macro), name).commands();
        Map<String, String> defaults = new LinkedHashMap<>();
        own.forEach((key, value) -> {
            String command = key.toLowerCase(Locale.ROOT);
            if (key.startsWith(LayerSegments.PREFIX) || command.equals("src") || command.equals("mask")
                    || command.equals("template")) {
                throw new RequestException(403, "src=" + name + ": the Modifier of '" + record.id() + "' names "
                        + (key.startsWith(LayerSegments.PREFIX) ? "layers" : command + "=") + " itself, which a "
                        + "layer's source may not do (use a nested request, src=is{...})");
            }
            if (key.startsWith(LayerSegments.EFFECT_PREFIX)) {
                defaults.put(key, value); // the record's effects are its layer's ($shadow$ in its Modifier)
                return;
            }
            boolean perLayer = Commands.find(command).map(spec -> spec.scope().perLayer()).orElse(false);
            if (perLayer) {
                defaults.put(command, value);
            }
        });
        ProtocolCheck.acceptCommands(defaults);
        String anchor = record.field("anchor").strip();
        if (!anchor.isEmpty() && !defaults.containsKey("anchorn")) {
            defaults.putIfAbsent("anchor", anchor);
        }
        String maskPath = record.field("maskpath").strip();
        String mask = maskPath.isEmpty() ? null
                : existing(resolver.recordPath(record, maskPath), "MaskPath of " + record.id());
        return new ComposedLayers.LayerFile(resolved.sourcePath(), mask, defaults);
    }

    /** What {@code mask=} names: a catalog object (its MaskPath, else its Path) or a file under the roots. */
    private String maskPath(String value, String locale) {
        LayerSource layerSource = LayerSource.parse(value);
        if (!(layerSource instanceof LayerSource.ObjectName name)) {
            throw new RequestException(403, "mask=" + value + ": nested and foreign masks are not supported yet");
        }
        ResolvedObject resolved = resolver.resolve(catalogs.current(), elements(name.object()), locale);
        String maskPath = resolved.record().map(r -> r.field("maskpath").strip()).orElse("");
        return existing(maskPath.isEmpty() ? resolved.sourcePath() : resolver.recordPath(resolved.record().get(),
                maskPath), name.object() + " (mask=)");
    }

    String existing(String path, String what) {
        if (path.isEmpty() || !sources.exists(path)) {
            throw new RequestException(403, "image not found: " + what);
        }
        return path;
    }

    /**
     * A foreign image as layer 0's source. Its cache key names the URL; its version changes every
     * {@code IS::RemoteUrlDefaultExpiration}, so a cached reply is rendered again from a fresh copy after that time
     * (origins' own caching headers are not consulted: the image is fetched only when a reply is rendered).
     */
    private InlineSource foreignSource(ForeignSources.Target target) {
        String url = target.url().toString();
        long period = Math.max(1, foreignExpiration.toMillis());
        return new InlineSource("url{" + url + "}", () -> "foreign:" + url + "|" + clock.millis() / period,
                () -> foreign.fetch(target));
    }

    private record DefaultImage(String source, Map<String, String> commands, double ttlHours,
                                Optional<CatalogRecord> record) {}

    /**
     * {@code defaultImage=} or {@code attribute::DefaultImage} for a missing source. Mode 0 replaces the whole request
     * and keeps only {@code wid}, {@code hei}, {@code fmt} and {@code qlt}; mode 1 replaces only the source. The TTL is
     * the default image record's Expiration, else {@code attribute::DefaultExpiration}.
     */
    private DefaultImage defaultImage(ResolvedObject object, Map<String, String> commands, String missing) {
        Catalog main = object.main();
        String name = commands.getOrDefault("defaultimage", main.attribute("DefaultImage")).strip();
        if (name.isEmpty()) {
            throw new RequestException(403, "image not found: " + (missing.isEmpty() ? object.requested() : missing));
        }
        ResolvedObject substitute = resolver.resolve(catalogs.current(), elements(name), commands.getOrDefault("locale", ""));
        if (!sources.exists(substitute.sourcePath())) {
            throw new RequestException(403, "image not found: " + object.requested() + " (and its default image " + name + ")");
        }
        Map<String, String> kept = new LinkedHashMap<>();
        if (main.attribute("DefaultImageMode").strip().equals("1")) {
            kept.putAll(commands);
        } else {
            for (String command : List.of("wid", "hei", "fmt", "qlt")) {
                if (commands.containsKey(command)) {
                    kept.put(command, commands.get(command));
                }
            }
        }
        double ttl = substitute.record().flatMap(r -> r.expiration().isPresent()
                ? Optional.of(r.expiration().getAsDouble()) : Optional.empty())
                .orElse(main.number("DefaultExpiration", 1));
        return new DefaultImage(substitute.sourcePath(), kept, ttl, substitute.record());
    }

    /** The TTL in hours: the record's {@code Expiration}, else its catalog's attribute. */
    static double ttl(ResolvedObject object, Optional<CatalogRecord> record) {
        if (record.isPresent() && record.get().expiration().isPresent()) {
            return record.get().expiration().getAsDouble();
        }
        return object.layerCatalog().number("Expiration", 10);
    }

    static List<String> elements(String object) {
        return Arrays.stream(object.split("/")).filter(e -> !e.isEmpty()).toList();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

}
