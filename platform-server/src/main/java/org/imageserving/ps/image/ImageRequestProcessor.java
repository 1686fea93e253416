package org.imageserving.ps.image;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.health.HealthReport;
import org.imageserving.common.props.PropertyFormat;
import org.imageserving.common.props.PropertyWriter;
import org.imageserving.common.protocol.RequestKind;
import org.imageserving.common.wire.ComponentUnavailableException;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameType;
import org.imageserving.ps.caching.HttpCaching;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.http.RedirectedException;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.layersource.ForeignSources;
import org.imageserving.ps.reply.ErrorTitles;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.request.CommandAssembler;
import org.imageserving.ps.request.LayerSegments;
import org.imageserving.ps.request.MacroExpander;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ObjectResolver;
import org.imageserving.ps.request.ProtocolCheck;
import org.imageserving.ps.request.RequestGate;
import org.imageserving.ps.request.ResolvedObject;
import org.imageserving.ps.responsecache.CachedRenderer;
import org.imageserving.ps.rules.RuleSet;

/**
 * The Image Serving protocol of {@code /is/image}, without a servlet: one {@link ClientRequest} in, one {@link Reply}
 * out. {@link #process} reads top to bottom, in the order in which the protocol processes a request:
 * <ol>
 *   <li><b>admission</b>: main catalog, rule set, request lock, obfuscation, signature, client address filter
 *       ({@link RequestGate});</li>
 *   <li><b>request type</b>: {@code req=} and its reply format ({@link RequestKind});</li>
 *   <li><b>resolution</b>: the object against the catalogs ({@link ObjectResolver});</li>
 *   <li><b>command assembly</b>: record Modifier, URL, PostModifier, macros, variables, precedence
 *       ({@link CommandAssembler}), every command held to the protocol model ({@link ProtocolCheck});</li>
 *   <li><b>answer</b>: property requests the Platform Server answers itself ({@link PropertyReplies}), or a frozen
 *       render plan with its cache key ({@link ImageRendering}) answered through the response cache and the Image
 *       Server.</li>
 * </ol>
 * A repeated request line skips steps 1 to 4 with the plan remembered for it ({@link RequestPlans}). Every failure
 * becomes one {@link Reply.Failure} (or the catalog's error image) in {@link #failure}.
 */
public final class ImageRequestProcessor {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    private final ImageServerClient imageServer;
    private final CatalogService catalogs;
    private final ObjectResolver resolver;
    private final ImageRendering rendering;
    private final SourceFiles sources;
    private final PropertyReplies replies;
    private final RequestGate gate;
    private final RequestPlans plans = new RequestPlans();
    private final Clock clock;
    private final ViewerReplies viewers;
    private final Optional<java.nio.file.Path> saveDirectory;
    private final Duration saveTimeout;

    public ImageRequestProcessor(ImageServerClient imageServer, CatalogService catalogs, SourceFiles sources,
                                 CachedRenderer renderer, RequestGate gate, ErrorRedirect errorRedirect,
                                 ForeignSources foreignSources, Duration foreignExpiration, Clock clock) {
        this(imageServer, catalogs, sources, renderer, gate, errorRedirect, foreignSources, foreignExpiration, clock,
                Optional.empty(), Duration.ofMinutes(1));
    }

    /**
     * @param foreignSources    fetches foreign sources ({@code src={url}})
     * @param foreignExpiration {@code IS::RemoteUrlDefaultExpiration}: how long a reply from a foreign source is trusted
     * @param saveDirectory     {@code IS::SaveDirectory} for {@code req=saveToFile} (empty: refused)
     * @param saveTimeout       {@code PS::saveToFile.saveTimeout}, the default of {@code timeout=}
     */
    public ImageRequestProcessor(ImageServerClient imageServer, CatalogService catalogs, SourceFiles sources,
                                 CachedRenderer renderer, RequestGate gate, ErrorRedirect errorRedirect,
                                 ForeignSources foreignSources, Duration foreignExpiration, Clock clock,
                                 Optional<java.nio.file.Path> saveDirectory, Duration saveTimeout) {
        this.saveDirectory = saveDirectory;
        this.saveTimeout = saveTimeout;
        this.viewers = new ViewerReplies(clock);
        this.imageServer = imageServer;
        this.catalogs = catalogs;
        this.resolver = new ObjectResolver(sources.roots());
        this.sources = sources;
        this.rendering = new ImageRendering(imageServer, catalogs, resolver, sources, renderer, errorRedirect,
                foreignSources, foreignExpiration, clock);
        this.replies = new PropertyReplies(catalogs, clock);
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * What failure replies depend on, learnt step by step: the main catalog (its ErrorDetail and ErrorImage), the rule
     * set's headers, whether an image or a property list was asked for and in which format.
     */
    private static final class Context {
        Catalog main;
        int errorDetail;
        List<RuleSet.Header> ruleHeaders = List.of();
        Map<String, String> variables = Map.of();
        boolean imageReply = true;
        String replyFormat = "text";
        Map<String, String> replyCommands = Map.of();
        boolean errorImage = true;
    }

    public Reply process(ClientRequest request) {
        return process(request, true);
    }

    /**
     * As {@link #process(ClientRequest)}; without {@code errorImage} a failure is always the failure, never the
     * catalog's ErrorImage with status 200 (for front ends whose clients must see the status, such as IIIF).
     */
    public Reply process(ClientRequest request, boolean errorImage) {
        if (request.rawPath().isEmpty() && (request.rawQuery() == null || request.rawQuery().isEmpty())) {
            return serverInfo();
        }
        long started = System.nanoTime();
        Catalogs all = catalogs.current();
        RequestPlans.Plan known = plans.find(all, request.rawPath(), request.rawQuery());
        Context context = new Context();
        context.errorImage = errorImage;
        context.main = known != null ? known.main() : mainCatalogForErrors(all, request.rawPath());
        context.errorDetail = known != null ? known.errorDetail() : (int) context.main.number("ErrorDetail", 0);
        startLog(request, context.main);
        try {
            if (known != null && rendering.sourceStillThere(known.render())) {
                reused(request, known, started);
                return imageReply(request, rendering.render(request, known.render()), known.useLastModified(),
                        known.headers());
            }
            return answer(request, all, context, started);
        } catch (RedirectedException e) {
            return redirected(request, context, e);
        } catch (RequestException e) {
            return failure(request, context, e.status(), e.getMessage(), ErrorResponse.stackTrace(e));
        } catch (ComponentUnavailableException e) {
            request.log().error(503, e.getMessage());
            return new Reply.Failure(503, "Image Server unavailable",
                    "the Image Server is not answering (it may be restarting); try again shortly", context.errorDetail,
                    ErrorResponse.stackTrace(e), null, List.of());
        }
    }

    /**
     * The reply {@link #process} would give when the response cache answers alone: a repeated request line whose
     * remembered plan still holds (its source is there) and whose entry is fresh, or stale with its source unchanged.
     * Empty for every other request, with nothing done that shows; the caller then has {@link #process} answer it.
     * The direct hit path ({@code ps.hits}) asks this below Tomcat's servlet layer.
     */
    public Optional<Reply> cachedReply(ClientRequest request) {
        if (request.rawPath().isEmpty()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        RequestPlans.Plan known = plans.find(catalogs.current(), request.rawPath(), request.rawQuery());
        if (known == null || !rendering.sourceStillThere(known.render())) {
            return Optional.empty();
        }
        startLog(request, known.main());
        reused(request, known, started);
        Optional<ImageRendering.Rendered> cached = rendering.renderIfCached(request, known.render());
        return cached.isEmpty() ? Optional.empty()
                : Optional.of(imageReply(request, cached.get(), known.useLastModified(), known.headers()));
    }

    /** The access log's fields every request starts with, before anything can fail. */
    private static void startLog(ClientRequest request, Catalog main) {
        request.log().set("RootId", main.rootId());
        request.log().set("CacheUse", "IGNORED");
        request.log().set("ProcessingStatus", "0");
    }

    /**
     * The catalog whose ErrorDetail and ErrorImage shape a failure, chosen before anything can fail: a path that does
     * not even decode (a broken %-escape) is refused inside {@link #answer}, as a usage error under the default
     * catalog, instead of escaping the processor as a server error.
     */
    private static Catalog mainCatalogForErrors(Catalogs all, String rawPath) {
        try {
            return ObjectResolver.mainCatalog(all, RequestGate.decodedElements(rawPath));
        } catch (RequestException e) {
            return all.defaultCatalog();
        }
    }

    private Reply answer(ClientRequest request, Catalogs all, Context context, long started) {
        // 1. Admission
        RequestGate.Admitted admitted = gate.admit(all, "is", request.rawPath(), request.rawQuery(),
                request.clientAddress(), request.rawQuery() != null
                        && request.rawQuery().toLowerCase(Locale.ROOT).contains("req=catalogprops"));
        context.ruleHeaders = admitted.headers();
        context.main = admitted.main();
        context.errorDetail = (int) context.main.number("ErrorDetail", 0);
        request.log().set("TransformedUrl", admitted.transformed());
        List<String> elements = admitted.elements();
        List<Modifier> url = ModifierTokenizer.fromUrl(admitted.query());

        // 2. Request type and reply format
        String reqValue = lastCommand(url, "req").orElse(null);
        String[] req = (reqValue == null ? "img" : reqValue).split(",", -1);
        String format = req.length > 1 ? req[1] : "text";
        context.replyFormat = format.strip().toLowerCase(Locale.ROOT);
        context.imageReply = RequestKind.find(req[0]).map(RequestKind::image).orElse(false);
        Map<String, String> replyCommands = new LinkedHashMap<>();
        lastCommand(url, "handler").ifPresent(handler -> replyCommands.put("handler", handler));
        lastCommand(url, "id").ifPresent(id -> replyCommands.put("id", id));
        context.replyCommands = replyCommands;
        request.log().set("ReqType", req[0].strip().toUpperCase(Locale.ROOT)); // also when it is refused
        RequestKind kind = ProtocolCheck.requestKind(reqValue);
        // a text layer 0 (textPs=, text=) is a source of its own: /is/image/?textPs=… names no image
        boolean sourceInQuery = lastCommand(url, "src").isPresent() || url.stream().anyMatch(m ->
                m.kind() == Modifier.Kind.COMMAND && (m.name().equalsIgnoreCase("textps")
                        || m.name().equalsIgnoreCase("text")));
        // /is/image/<catalog>?req=catalogprops names the catalog itself (the gate made it the main catalog)
        boolean catalogOnly = kind == RequestKind.CATALOGPROPS && elements.size() == 1
                && context.main.rootId().equals(elements.get(0));
        if ((elements.isEmpty() || catalogOnly) && !sourceInQuery) {
            if (kind == RequestKind.MESSAGE) {
                return ViewerReplies.message(lastCommand(url, "message").orElse(""), request.clientAddress(),
                        headers(context.ruleHeaders, Map.of()));
            }
            if (kind != RequestKind.CATALOGPROPS) {
                throw new RequestException(403, "no image given: use /is/image/<catalog>/<id> or /is/image/<path>");
            }
            return replies.properties(PropertyReplies.writer(format, replyCommands),
                    replies.catalogProps(context.main), context.main.number("NonImgExpiration", 0.1),
                    headers(context.ruleHeaders, Map.of()));
        }

        // 3. Resolution; without a path, src= names layer 0's source (e.g. a nested request: /is/image?src=is{...})
        ResolvedObject object = (elements.isEmpty()
                ? new ResolvedObject("", context.main, Optional.empty(), "")
                : resolver.resolve(all, elements, lastCommand(url, "locale").orElse("")))
                .withOverrides(admitted.overrides());
        Catalog main = object.main();
        context.main = main;
        // a template (template= or a record without Path) is the body; the URL's object is then $object$
        RequestBody body = RequestBody.of(resolver, all, object, url, lastCommand(url, "locale").orElse(""),
                List.of());
        ResolvedObject urlObject = object;
        object = body.target();
        Optional<CatalogRecord> record = object.record();

        // 4. Command assembly, held to the protocol model
        CommandAssembler.Assembled assembled = CommandAssembler.assemble(body.modifier(), url, body.postModifier(),
                new MacroExpander(main::macro), urlObject.requested());
        Map<String, String> commands = assembled.commands();
        ProtocolCheck.acceptCommands(commands);
        RequestBody.checkTemplateCommand(commands, url);
        context.replyCommands = commands;
        // The variables travel on as $name commands: an SVG source substitutes them in its own text.
        assembled.variables().forEach((name, value) -> {
            if (!name.equals("object")) {
                commands.put("$" + name, value);
            }
        });
        context.variables = assembled.variables();
        request.log().set("RootId", main.rootId());
        request.log().set("PathBasedAccess", record.isEmpty() ? "1" : "0");
        request.log().set("ParseTime", Long.toString((System.nanoTime() - started) / 1_000_000));
        List<Reply.Header> headers = headers(context.ruleHeaders, assembled.variables());
        PropertyWriter writer = kind.image() ? null : PropertyReplies.writer(format, commands);
        double nonImage = main.number("NonImgExpiration", 0.1);

        // 5. The answer: property requests of the Platform Server, or a render plan
        Reply reply = switch (kind) {
            case CATALOGPROPS -> replies.properties(writer, replies.catalogProps(main), nonImage, headers);
            case EXISTS -> replies.properties(writer, Map.of("catalogRecord.exists", exists(urlObject) ? "1" : "0"),
                    nonImage, headers);
            case USERDATA -> {
                String locale = commands.getOrDefault("locale", main.attribute("DefaultLocale"));
                yield replies.userData(format, writer, record.map(r -> PropertyReplies.localized(r, main, locale)),
                        ImageRendering.ttl(object, record), headers);
            }
            case RESOLVE -> PropertyReplies.resolved(object, commands, headers);
            case MESSAGE -> ViewerReplies.message(commands.getOrDefault("message", ""), request.clientAddress(),
                    headers);
            case IMAGESET -> viewers.imageSet(format, writer, record, main, locale(commands, main), nonImage, headers);
            case TARGETS -> viewers.targets(format, writer, record, main, locale(commands, main),
                    ImageRendering.ttl(object, record), headers);
            case XLATE -> viewers.xlate(writer, object.layerCatalog(), catalogId(object),
                    ImageRendering.ttl(object, record), headers);
            case SET -> mediaSet(request, all, object, commands, req.length > 1 ? format : "xml", nonImage, headers);
            case MBRSET -> multiBitRateSet(all, object, commands, req.length > 1 ? format : "", nonImage, headers);
            case XMP -> ViewerReplies.xmp(sources, object.sourcePath(), ImageRendering.ttl(object, record), headers);
            case MAP -> viewers.map(format, writer, map(request, object, url, commands, assembled.comments()),
                    ImageRendering.ttl(object, record), headers);
            case LOADCACHE -> {
                Map<String, String> image = new LinkedHashMap<>(commands);
                image.remove("req");
                yield viewers.loadCache(PropertyReplies.writer("text", commands),
                        rendering.render(request, object, image, assembled.comments()).image().length(), headers);
            }
            case SAVETOFILE -> saveToFile(request, object, commands, assembled.comments(), headers);
            case PROPS -> {
                // The Image Server describes the reply without decoding; the reply itself gives its byte length.
                Map<String, String> described = describe(request, object, commands, assembled.comments());
                Map<String, String> image = new LinkedHashMap<>(commands);
                image.remove("req");
                described.putAll(PropertyReplies.imageProps(rendering.render(request, object, image,
                        assembled.comments())));
                yield replies.properties(writer, described, nonImage, headers);
            }
            default -> {
                RenderPlan plan = rendering.plan(request, object, commands, assembled.comments(), body.templates());
                ImageRendering.Rendered rendered = rendering.render(request, plan);
                if (writer != null) {
                    rendered = replies.formatted(writer, rendered, plan.timeRecord());
                }
                boolean useLastModified = main.flag("UseLastModified");
                if (kind.image() && !admitted.clientDependent() && !plan.varyAccept()
                        && plan.sourceOnDisk()) {
                    plans.remember(all, request.rawPath(), request.rawQuery(), new RequestPlans.Plan(main,
                            context.errorDetail, kind.name(), admitted.transformed(), record.isEmpty(), headers,
                            commands, useLastModified, plan));
                }
                yield imageReply(request, rendered, useLastModified, headers);
            }
        };
        // xml replies in another encoding: req=type,xml,encoding
        return req.length > 2 && context.replyFormat.equals("xml") ? ViewerReplies.encoded(reply, req[2]) : reply;
    }

    /**
     * A catalog object as another front end (the IIIF Image API) needs it: its full size as the Image Server reads it,
     * the file it is read from and the catalog whose limits apply.
     *
     * @param bytes the source's bytes, its file or its object in a bucket (empty for a template or a source not found)
     */
    public record SourceImage(Catalog main, Catalog layerCatalog, String sourcePath,
                              Optional<SourceFiles.SourceBytes> bytes, int width, int height) {}

    /**
     * The source image {@code request.rawPath()} names, admitted (rule set, lock, address filter,
     * {@code PS::allowDefaultCatalogRequests}) and resolved exactly as an image request for it would be; its size is the
     * Image Server's {@code req=imageprops} answer, through the response cache. A missing source is "image not found"
     * (403), never the catalog's DefaultImage.
     *
     * @throws RequestException            a refused or failed request (its status)
     * @throws RedirectedException         the source is missing here and redirect on error is configured
     * @throws ComponentUnavailableException the Image Server is not answering
     */
    public SourceImage sourceImage(ClientRequest request) {
        Catalogs all = catalogs.current();
        RequestGate.Admitted admitted = gate.admit(all, "is", request.rawPath(), request.rawQuery(),
                request.clientAddress(), false);
        if (admitted.elements().isEmpty()) {
            throw new RequestException(403, "image not found: no image given");
        }
        ResolvedObject object = resolver.resolve(all, admitted.elements(), "").withOverrides(admitted.overrides());
        if (object.sourcePath().isEmpty()) {
            throw new RequestException(403, "image not found: " + object.requested() + " names no image file");
        }
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("req", "imageprops");
        commands.put("defaultimage", "");
        Map<String, String> properties = PropertyReplies.data(
                rendering.render(request, object, commands, List.of()).image());
        int width = intProperty(properties, "image.width");
        int height = intProperty(properties, "image.height");
        return new SourceImage(object.main(), object.layerCatalog(), object.sourcePath(),
                sources.bytes(object.sourcePath()), width, height);
    }

    private static int intProperty(Map<String, String> properties, String name) {
        try {
            return Integer.parseInt(properties.getOrDefault(name, "").strip());
        } catch (NumberFormatException e) {
            throw new RequestException(500, "the Image Server's req=imageprops gave no " + name);
        }
    }

    /**
     * A request answered with the plan of an earlier identical one: the log fields {@link #answer} would have computed
     * again; its reply is then the plan's render.
     */
    private static void reused(ClientRequest request, RequestPlans.Plan plan, long started) {
        request.log().set("TransformedUrl", plan.transformed());
        request.log().set("ReqType", plan.reqType());
        request.log().set("PathBasedAccess", plan.pathBased() ? "1" : "0");
        request.log().set("ParseTime", Long.toString((System.nanoTime() - started) / 1_000_000));
        request.log().planReused();
    }

    /** An image (or a property list rendered like one) with its ETag, caching headers and the answer to a 304. */
    private Reply imageReply(ClientRequest request, ImageRendering.Rendered rendered, boolean useLastModified,
                             List<Reply.Header> ruleHeaders) {
        RenderedImage image = rendered.image();
        String etag = image.etag();
        request.log().set("Digest", etag.replace("\"", "")); // the MD5; Tomcat would escape the quotes
        request.log().set("ContentType", image.contentType());
        request.log().set("Size", Long.toString(image.length()));
        List<Reply.Header> headers = new ArrayList<>(ruleHeaders);
        if (rendered.varyAccept()) {
            headers.add(Reply.Header.set("Vary", "Accept"));
        }
        long lastModified = useLastModified && rendered.lastModified() != null
                ? rendered.lastModified().toEpochMilli() : -1;
        Reply.Caching caching = (rendered.clientCacheable() ? Reply.Caching.ttl(rendered.ttlHours())
                : Reply.Caching.NO_STORE).withLastModified(lastModified);
        if (HttpCaching.notModified(request.header("if-none-match"), request.ifModifiedSince(), etag, lastModified,
                rendered.neverExpires())) {
            return new Reply.NotModified(etag, caching, headers);
        }
        Reply.FileRegion file = image.file().map(f -> new Reply.FileRegion(f.file(), f.offset(), f.length()))
                .orElse(null);
        // a body held in a file is read into memory only when it is not sent by sendfile
        return new Reply.Entity(200, new Reply.Body(image.contentType(), image.length(), image::body, file, etag),
                caching, headers);
    }

    /** {@code req=set}: the media set tree of the record's ImageSet or of {@code imageSet={...}}, in xml or json. */
    private Reply mediaSet(ClientRequest request, Catalogs all, ResolvedObject object, Map<String, String> commands,
                           String format, double ttl, List<Reply.Header> headers) {
        String line = request.rawPath() + "?" + (request.rawQuery() == null ? "" : request.rawQuery());
        if (line.contains(":") || line.toLowerCase(Locale.ROOT).contains("%3a")) {
            throw new RequestException(403, "req=set: the colon character is not allowed in req=set requests");
        }
        Catalog main = object.main();
        String locale = locale(commands, main);
        String inline = commands.getOrDefault("imageset", "").strip();
        if (inline.startsWith("{") && inline.endsWith("}")) {
            inline = inline.substring(1, inline.length() - 1);
        }
        MediaSets sets = new MediaSets(id -> resolver.resolve(all, ImageRendering.elements(id), locale).record(),
                id -> imageFacts(request, all, id, locale), text -> ViewerReplies.localize(text, main, locale),
                commands.getOrDefault("labelkey", ""));
        return viewers.set(format, commands, sets.set(object.requested(), object.record(), inline), ttl, headers);
    }

    /**
     * {@code req=mbrSet[,text|xml[,enc]][&fmt=m3u8|f4m]}: the video set's streams as the manifest {@code fmt=} names,
     * typed as that manifest, or as {@code text/plain} / {@code text/xml} when the request names a format.
     */
    private Reply multiBitRateSet(Catalogs all, ResolvedObject object, Map<String, String> commands, String format,
                                  double ttl, List<Reply.Header> headers) {
        MultiBitRateSets.Manifest manifest = MultiBitRateSets.Manifest.of(commands.get("fmt"));
        String contentType = switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "" -> manifest.contentType;
            case "text" -> "text/plain";
            case "xml" -> {
                if (manifest != MultiBitRateSets.Manifest.F4M) {
                    throw new RequestException(403, "req=mbrSet,xml: an m3u8 playlist is not XML; use fmt=f4m");
                }
                yield "text/xml";
            }
            default -> throw new RequestException(403, "req=mbrSet," + format + ": the formats of req=mbrSet are "
                    + "text and xml");
        };
        String imageSet = object.record().map(r -> r.field("imageset")).orElse("");
        Catalog main = object.main();
        String locale = locale(commands, main);
        List<MultiBitRateSets.Stream> streams = MultiBitRateSets.streams(imageSet, manifest, id -> {
            int slash = id.indexOf('/');
            Optional<CatalogRecord> staticRecord = slash < 0 ? main.staticRecord(id)
                    : all.byRootId(id.substring(0, slash)).flatMap(c -> c.staticRecord(id.substring(slash + 1)));
            return staticRecord.isPresent() ? staticRecord
                    : resolver.resolve(all, ImageRendering.elements(id), locale).record();
        });
        String text = MultiBitRateSets.write(manifest, object.requested(), streams, main);
        return new Reply.Entity(200, Reply.Body.of(contentType + "; charset=UTF-8",
                text.getBytes(StandardCharsets.UTF_8)), Reply.Caching.ttl(ttl), headers);
    }

    private static String locale(Map<String, String> commands, Catalog main) {
        return commands.getOrDefault("locale", main.attribute("DefaultLocale"));
    }

    /** The record id the path names within its catalog ({@code shop/land} → {@code land}). */
    private static String catalogId(ResolvedObject object) {
        String requested = object.requested();
        String root = object.main().rootId();
        if (!root.isEmpty() && requested.startsWith(root + "/")) {
            return requested.substring(root.length() + 1);
        }
        return requested;
    }

    /**
     * {@code req=map}: {@code catalog::Map} as it is for a bare record; with any other command in the URL, the maps
     * moved into the reply the same request with {@code req=img} would give, whose geometry the Image Server describes:
     * layer 0's ({@code map=} in its coordinates after rotate and extend, else {@code mapA=} in source coordinates,
     * else {@code catalog::Map}; an empty value is no map) in front, comp's {@code map=} (composite coordinates)
     * behind it. Maps of other layers are refused.
     */
    private String map(ClientRequest request, ResolvedObject object, List<Modifier> url, Map<String, String> commands,
                       List<String> comments) {
        Catalog main = object.main();
        for (String key : commands.keySet()) {
            Optional<Map.Entry<Integer, String>> layered = LayerSegments.parse(key);
            if (layered.isPresent() && layered.get().getKey() != 0
                    && List.of("map", "mapa").contains(LayerSegments.commandName(key))) {
                throw new RequestException(403, "req=map: maps of layers above 0 are not supported yet");
            }
        }
        String catalogMap = object.record().map(r -> r.field("map")).orElse("").strip();
        boolean bare = url.stream().filter(m -> m.kind() == Modifier.Kind.COMMAND)
                .allMatch(m -> List.of("req", "handler", "id", "locale").contains(m.name()));
        if (bare) {
            return catalogMap;
        }
        String layerMap = commands.get("@layer0:map");
        String sourceMap = commands.getOrDefault("@layer0:mapa", commands.getOrDefault("mapa", catalogMap));
        String compMap = commands.getOrDefault("map", "");
        if ((layerMap == null || layerMap.isBlank()) && sourceMap.isBlank() && compMap.isBlank()) {
            return "";
        }
        Map<String, String> propsCommands = new LinkedHashMap<>(commands);
        propsCommands.put("req", "props");
        RenderedImage described = rendering.render(request, object, propsCommands, comments).image();
        ViewerReplies.Geometry g = ViewerReplies.Geometry.of(described);
        String locale = locale(commands, main);
        int[] composite = g.compositeSize();
        String front = layerMap != null
                ? ViewerReplies.transformCompositeMap(layerMap, g, main, locale, composite[0], composite[1])
                : ViewerReplies.transformMap(sourceMap, g, main, locale);
        return front + ViewerReplies.transformCompositeMap(compMap, g, main, locale, composite[0], composite[1]);
    }

    /**
     * A set item's {@code dx} and {@code dy} (the source's full size, from the Image Server's {@code req=imageprops},
     * through the response cache) and {@code iv} (a token of the file's version); empty for what is not an image file
     * here or when the Image Server cannot say.
     */
    private Map<String, String> imageFacts(ClientRequest request, Catalogs all, String id, String locale) {
        try {
            ResolvedObject item = resolver.resolve(all, ImageRendering.elements(id), locale);
            if (item.sourcePath().isEmpty() || !sources.exists(item.sourcePath())) {
                return Map.of();
            }
            Map<String, String> commands = new LinkedHashMap<>();
            commands.put("req", "imageprops");
            commands.put("defaultimage", "");
            Map<String, String> properties = PropertyReplies.data(
                    rendering.render(request, item, commands, List.of()).image());
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("dx", properties.getOrDefault("image.width", ""));
            facts.put("dy", properties.getOrDefault("image.height", ""));
            facts.put("iv", RenderedImage.md5(sources.version(item.sourcePath()).getBytes(StandardCharsets.UTF_8))
                    .replace("\"", "").substring(0, 16));
            return facts;
        } catch (RequestException | ComponentUnavailableException | RedirectedException e) {
            return Map.of();
        }
    }

    /**
     * {@code req=saveToFile}: the image {@code req=img} would give, written under {@code IS::SaveDirectory/SavePath};
     * a render that takes longer than {@code timeout=} (default {@code PS::saveToFile.saveTimeout}) is a 403.
     */
    private Reply saveToFile(ClientRequest request, ResolvedObject object, Map<String, String> commands,
                             List<String> comments, List<Reply.Header> headers) {
        java.nio.file.Path target = ViewerReplies.saveTarget(saveDirectory, object.main(), commands.get("name"));
        Duration timeout = saveTimeout;
        if (commands.containsKey("timeout")) {
            try {
                timeout = Duration.ofMillis(Math.max(1, Long.parseLong(commands.get("timeout").strip())));
            } catch (NumberFormatException e) {
                throw new RequestException(403, "timeout=" + commands.get("timeout") + ": milliseconds expected");
            }
        }
        Map<String, String> image = new LinkedHashMap<>(commands);
        image.remove("req");
        java.util.concurrent.CompletableFuture<RenderedImage> rendered = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> rendering.render(request, object, image, comments).image());
        RenderedImage result;
        try {
            result = rendered.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            rendered.cancel(true);
            throw new RequestException(403, "req=saveToFile: the image took longer than " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestException(403, "req=saveToFile: interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RequestException(500, "req=saveToFile: " + e.getCause());
        }
        long pixels = parseLong(result.property("image.width")) * parseLong(result.property("image.height"));
        return viewers.saved(PropertyReplies.writer("text", commands), target, result.body(), pixels, headers);
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** {@code req=exists}: the catalog record, or for a request by path, the file. */
    private boolean exists(ResolvedObject object) {
        return object.record().isPresent() || sources.exists(object.sourcePath());
    }

    /** The Image Server's {@code req=props} list for this request, as name → value in its order. */
    private Map<String, String> describe(ClientRequest request, ResolvedObject object, Map<String, String> commands,
                                         List<String> comments) {
        Map<String, String> propsCommands = new LinkedHashMap<>(commands);
        propsCommands.put("req", "props");
        ImageRendering.Rendered data = rendering.render(request, object, propsCommands, comments);
        return new LinkedHashMap<>(PropertyReplies.data(data.image()));
    }

    private Reply redirected(ClientRequest request, Context context, RedirectedException e) {
        request.log().set("CacheUse", "REMOTE");
        if (e.reply().isPresent()) {
            return new Reply.Relayed(e.reply().get());
        }
        // documented: the plain error, even when a default or error image is configured
        request.log().error(403, e.getMessage());
        return new Reply.Failure(403, ErrorTitles.of(403, e.getMessage()), e.getMessage(), context.errorDetail,
                ErrorResponse.stackTrace(e), null, headers(context.ruleHeaders, context.variables));
    }

    /**
     * A refused or failed request: the catalog's error image for an image request (status 200, never cached), else
     * the error in the property format the request asked for, else the documented text form.
     */
    private Reply failure(ClientRequest request, Context context, int status, String message, String stackTrace) {
        request.log().error(status, message);
        String title = ErrorTitles.of(status, message);
        List<Reply.Header> headers = headers(context.ruleHeaders, context.variables);
        if (context.imageReply && context.errorImage && status < 500) {
            Optional<Reply> errorImage = errorImage(request, context, title, message, headers);
            if (errorImage.isPresent()) {
                return errorImage.get();
            }
        }
        PropertyWriter format = null;
        if (!context.imageReply && List.of("xml", "json", "javascript").contains(context.replyFormat)) {
            format = new PropertyWriter(PropertyFormat.parse(context.replyFormat).orElseThrow(),
                    context.replyCommands.get("handler"), context.replyCommands.get("id"));
        }
        return new Reply.Failure(status, title, message, context.errorDetail, stackTrace, format, headers);
    }

    /**
     * {@code attribute::ErrorImage}: the error rendered as an image, with {@code $error.title$} and
     * {@code $error.message$} (detail per ErrorDetail, at most level 2) for its Modifier. Empty when there is none or
     * it cannot be rendered either: the caller sends the plain error.
     */
    private Optional<Reply> errorImage(ClientRequest request, Context context, String title, String message,
                                       List<Reply.Header> headers) {
        String errorImage = context.main.attribute("ErrorImage").strip();
        if (errorImage.isEmpty()) {
            return Optional.empty();
        }
        try {
            ResolvedObject object = resolver.resolve(catalogs.current(), ImageRendering.elements(errorImage), "");
            List<Modifier> variables = List.of(new Modifier(Modifier.Kind.VARIABLE, "error.title", title),
                    new Modifier(Modifier.Kind.VARIABLE, "error.message",
                            context.errorDetail >= ErrorResponse.DETAILED ? message : ""));
            CommandAssembler.Assembled assembled = CommandAssembler.assemble(
                    ModifierTokenizer.fromCatalog(object.record().map(CatalogRecord::modifier).orElse("")), variables,
                    ModifierTokenizer.fromCatalog(object.record().map(CatalogRecord::postModifier).orElse("")),
                    new MacroExpander(object.main()::macro), object.requested());
            Map<String, String> commands = new LinkedHashMap<>(assembled.commands());
            commands.put("cache", "off");
            RenderedImage image = rendering.render(request, object, commands, List.of()).image();
            return Optional.of(new Reply.Entity(200, Reply.Body.of(image.contentType(), image.body()),
                    Reply.Caching.NO_STORE, headers));
        } catch (RequestException | ComponentUnavailableException | RedirectedException e) {
            request.log().set("Exception", message + " (and the error image failed: " + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** The liveness page: the documented {@code #S7Z OK} header plus {@code imageServer.*} facts proving ps reached is. */
    private Reply serverInfo() {
        StringBuilder body = new StringBuilder()
                .append("#S7Z OK\n")
                .append('#').append(Instant.now(clock)).append('\n')
                .append("copyright=ImageServing contributors; an implementation of the Image Serving protocol\n");
        try {
            Frame pong = imageServer.frames().exchange(Frame.of(FrameType.PING, Map.of()), PING_TIMEOUT);
            HealthReport report = HealthReport.fromHeaders(pong.headers());
            body.append("imageServer.status=ok\n")
                .append("imageServer.version=").append(report.version()).append('\n')
                .append("imageServer.uptime=").append(report.uptimeMillis() / 1000).append('\n');
        } catch (ComponentUnavailableException e) {
            body.append("imageServer.status=unreachable\n");
        }
        return new Reply.Entity(200, Reply.Body.of("text/plain; charset=UTF-8",
                body.toString().getBytes(StandardCharsets.UTF_8)), Reply.Caching.NONE,
                List.of(Reply.Header.set("Cache-Control", "no-cache, no-store")));
    }

    private static Optional<String> lastCommand(List<Modifier> modifiers, String name) {
        String value = null;
        for (Modifier m : modifiers) {
            if (m.kind() == Modifier.Kind.COMMAND && m.name().equals(name)) {
                value = m.value();
            }
        }
        return Optional.ofNullable(value);
    }

    /** Response headers of the matching rules ({@code <header>}) with {@code $var$} references substituted. */
    private static List<Reply.Header> headers(List<RuleSet.Header> rules, Map<String, String> variables) {
        return rules.stream().map(header -> new Reply.Header(CommandAssembler.substitute(header.name(), variables),
                CommandAssembler.substitute(header.value(), variables), header.add())).toList();
    }
}
