package org.imageserving.ps.image;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.health.HealthReport;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.wire.ComponentUnavailableException;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameType;
import org.imageserving.ps.cache.CachedRenderer;
import org.imageserving.ps.cache.CachedRenderer.ServerMode;
import org.imageserving.ps.cache.ResponseCache;
import org.imageserving.ps.caching.HttpCaching;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.LocaleStrings;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.AccessLogFields;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.http.RedirectedException;
import org.imageserving.ps.http.PropertiesResponse;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.request.CommandAssembler;
import org.imageserving.ps.request.MacroExpander;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ObjectResolver;
import org.imageserving.ps.request.RequestUnlocker;
import org.imageserving.ps.request.RequestGate;
import org.imageserving.ps.request.ResolvedObject;
import org.imageserving.ps.rules.RuleSet;

/**
 * {@code /is/image}: the Image Serving protocol, read top to bottom in {@link #doGet}: find the main catalog, undo
 * obfuscation/lock/signature, tokenize, resolve the object, assemble the commands (macros, variables, precedence),
 * then answer the {@code req=} type: property replies here, images through the response cache and the Image Server,
 * with the documented caching headers and 304s.
 */
public final class ImageServlet extends HttpServlet {
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_POST_BYTES = 64 * 1024;
    /** Commands the Platform Server consumes itself; they do not reach the Image Server or its cache key. */
    private static final List<String> PS_ONLY = List.of("cache", "defaultimage", "handler", "id", "locale", "req");
    /** Catalog attributes that affect rendering, passed to the Image Server as {@code attribute::<name>}. */
    private static final List<String> RENDER_ATTRIBUTES = List.of("DefaultPix", "DefaultThumbPix", "MaxPix",
            "JpegQuality", "ResMode", "BkgColor", "ThumbType", "ThumbRes", "ThumbBkgColor", "ThumbHorizAlign",
            "ThumbVertAlign", "Resolution", "PrintResolution", "IccProfileRgb", "IccProfileGray", "IccProfileCmyk",
            "IccProfileSrcRgb", "IccProfileSrcGray", "IccProfileSrcCmyk", "IccRenderIntent",
            "IccBlackPointCompensation", "IccDither", "ApplyEffectMask", "Expiration");

    private final ImageServerClient imageServer;
    private final CatalogService catalogs;
    private final ObjectResolver resolver;
    private final SourceFiles sources;
    private final CachedRenderer renderer;
    private final RequestGate gate;
    private final ErrorRedirect errorRedirect;
    private final Clock clock;

    public ImageServlet(ImageServerClient imageServer, CatalogService catalogs, SourceFiles sources,
                        CachedRenderer renderer, RequestGate gate, ErrorRedirect errorRedirect, Clock clock) {
        this.gate = gate;
        this.errorRedirect = errorRedirect;
        this.imageServer = imageServer;
        this.catalogs = catalogs;
        this.resolver = new ObjectResolver(sources.roots());
        this.sources = sources;
        this.renderer = renderer;
        this.clock = clock;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String rawPath = rawPath(request);
        String rawQuery = request.getQueryString();
        if (rawPath.isEmpty() && (rawQuery == null || rawQuery.isEmpty())) {
            serverInfo(response);
            return;
        }
        long started = System.nanoTime();
        Catalogs all = catalogs.current();
        Catalog main = ObjectResolver.mainCatalog(all, RequestGate.decodedElements(rawPath));
        int errorDetail = (int) main.number("ErrorDetail", 0);
        AccessLogFields.set(request, "RootId", main.rootId());
        AccessLogFields.set(request, "CacheUse", "IGNORED");
        AccessLogFields.set(request, "ProcessingStatus", "0");
        List<RuleSet.Header> ruleHeaders = List.of();
        boolean imageReply = true;
        String replyFormat = "text";
        try {
            RequestGate.Admitted admitted = gate.admit(all, "is", rawPath, rawQuery, request.getRemoteAddr(),
                    rawQuery != null && rawQuery.toLowerCase(Locale.ROOT).contains("req=catalogprops"));
            ruleHeaders = admitted.headers();
            main = admitted.main();
            errorDetail = (int) main.number("ErrorDetail", 0);
            AccessLogFields.set(request, "TransformedUrl", admitted.transformed());
            List<String> elements = admitted.elements();
            List<Modifier> url = ModifierTokenizer.fromUrl(admitted.query());
            String[] req = lastCommand(url, "req").orElse("img").split(",", -1);
            String reqType = req[0].strip().toLowerCase(Locale.ROOT);
            imageReply = reqType.equals("img") || reqType.equals("tmb");
            String format = req.length > 1 ? req[1] : "text";
            replyFormat = format.strip().toLowerCase(Locale.ROOT);
            AccessLogFields.set(request, "ReqType", reqType.toUpperCase(Locale.ROOT));
            if (elements.isEmpty()) {
                if (!reqType.equals("catalogprops")) {
                    throw new RequestException(403, "no image given: use /is/image/<catalog>/<id> or /is/image/<path>");
                }
                sendProperties(request, response, format, catalogProps(main), main.number("NonImgExpiration", 0.1));
                return;
            }
            ResolvedObject object = resolver.resolve(all, elements, lastCommand(url, "locale").orElse(""))
                    .withOverrides(admitted.overrides());
            main = object.main();
            Optional<CatalogRecord> record = object.record();
            MacroExpander macros = new MacroExpander(main::macro);
            CommandAssembler.Assembled assembled = CommandAssembler.assemble(
                    ModifierTokenizer.fromCatalog(record.map(CatalogRecord::modifier).orElse("")), url,
                    ModifierTokenizer.fromCatalog(record.map(CatalogRecord::postModifier).orElse("")),
                    macros, object.requested());
            Map<String, String> commands = assembled.commands();
            request.setAttribute("commands", commands);
            request.setAttribute("useLastModified", main.flag("UseLastModified"));
            AccessLogFields.set(request, "RootId", main.rootId());
            AccessLogFields.set(request, "PathBasedAccess", record.isEmpty() ? "1" : "0");
            AccessLogFields.set(request, "ParseTime", Long.toString((System.nanoTime() - started) / 1_000_000));
            addHeaders(response, ruleHeaders, assembled.variables());
            ruleHeaders = List.of();
            switch (reqType) {
                case "catalogprops" -> sendProperties(request, response, format, catalogProps(main),
                        main.number("NonImgExpiration", 0.1));
                case "exists" -> sendProperties(request, response, format,
                        Map.of("catalogRecord.exists", record.isPresent() ? "1" : "0"), main.number("NonImgExpiration", 0.1));
                case "userdata" -> {
                    Catalog strings = main;
                    String locale = commands.getOrDefault("locale", main.attribute("DefaultLocale"));
                    sendUserData(request, response, format, record.map(r -> localized(r, strings, locale)),
                            ttl(object, record));
                }
                case "resolve" -> sendResolved(response, object, commands, assembled.comments());
                case "props" -> {
                    Rendered rendered = render(request, object, commands, assembled.comments());
                    sendProperties(request, response, format, imageProps(rendered), main.number("NonImgExpiration", 0.1));
                }
                case "img", "tmb" -> sendImage(request, response, render(request, object, commands, assembled.comments()));
                default -> throw new RequestException(403, "req=" + reqType + " is not supported");
            }
        } catch (RedirectedException e) {
            AccessLogFields.set(request, "CacheUse", "REMOTE");
            ErrorRedirect.relay(e.reply(), response);
        } catch (RequestException e) {
            addHeaders(response, ruleHeaders, Map.of());
            AccessLogFields.error(request, e.status(), e.getMessage());
            String title = title(e.status(), e.getMessage());
            if (imageReply && e.status() < 500 && sendErrorImage(request, response, main, title, e.getMessage(), errorDetail)) {
                return;
            }
            if (!imageReply && List.of("xml", "json", "javascript").contains(replyFormat)) {
                sendFormattedError(request, response, e.status(), replyFormat, title, e.getMessage(), errorDetail);
                return;
            }
            ErrorResponse.send(response, e.status(), title, e.getMessage(), errorDetail);
        } catch (ComponentUnavailableException e) {
            AccessLogFields.error(request, 503, e.getMessage());
            ErrorResponse.send(response, 503, "Image Server unavailable",
                    "the Image Server is not answering (it may be restarting); try again shortly", errorDetail);
        }
    }

    /** An error of a property request in the format it asked for (xml, json, javascript), with the error status. */
    private void sendFormattedError(HttpServletRequest request, HttpServletResponse response, int status, String format,
                                    String title, String message, int errorDetail) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("error.title", title);
        if (errorDetail >= ErrorResponse.DETAILED) {
            properties.put("error.message", message);
        }
        PropertiesResponse.Body body = PropertiesResponse.format(format, properties, commandOf(request, "handler"),
                commandOf(request, "id"), clock.instant());
        response.resetBuffer();
        response.setStatus(status);
        HttpCaching.notCacheable(response);
        PropertiesResponse.send(response, body);
    }

    /**
     * A form POST is the same request as a GET with the body as query string (so that logged POSTs can be replayed);
     * any other body is refused.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            ErrorResponse.send(response, 415, "Unsupported media type",
                    "POST needs an application/x-www-form-urlencoded body holding the query");
            return;
        }
        String body = new String(request.getInputStream().readNBytes(MAX_POST_BYTES), StandardCharsets.ISO_8859_1).strip();
        doGet(new HttpServletRequestWrapper(request) {
            @Override
            public String getQueryString() {
                return body;
            }

            @Override
            public String getMethod() {
                return "GET";
            }
        }, response);
    }

    /**
     * {@code attribute::ErrorImage}: the error rendered as an image (status 200, never cached), with
     * {@code $error.title$} and {@code $error.message$} (detail per ErrorDetail, at most level 2) for its Modifier.
     * False when there is none or it cannot be rendered either: the caller sends the plain error.
     */
    private boolean sendErrorImage(HttpServletRequest request, HttpServletResponse response, Catalog main, String title,
                                   String message, int errorDetail) throws IOException {
        String errorImage = main.attribute("ErrorImage").strip();
        if (errorImage.isEmpty()) {
            return false;
        }
        try {
            ResolvedObject object = resolver.resolve(catalogs.current(), elements(errorImage), "");
            List<Modifier> variables = List.of(new Modifier(Modifier.Kind.VARIABLE, "error.title", title),
                    new Modifier(Modifier.Kind.VARIABLE, "error.message", errorDetail >= ErrorResponse.DETAILED ? message : ""));
            CommandAssembler.Assembled assembled = CommandAssembler.assemble(
                    ModifierTokenizer.fromCatalog(object.record().map(CatalogRecord::modifier).orElse("")), variables,
                    ModifierTokenizer.fromCatalog(object.record().map(CatalogRecord::postModifier).orElse("")),
                    new MacroExpander(object.main()::macro), object.requested());
            Map<String, String> commands = new LinkedHashMap<>(assembled.commands());
            commands.put("cache", "off");
            RenderedImage image = render(request, object, commands, List.of()).image();
            response.resetBuffer();
            response.setStatus(200);
            HttpCaching.notCacheable(response);
            response.setContentType(image.contentType());
            response.setContentLength(image.body().length);
            response.getOutputStream().write(image.body());
            return true;
        } catch (RequestException | ComponentUnavailableException | RedirectedException e) {
            AccessLogFields.set(request, "Exception", message + " (and the error image failed: " + e.getMessage() + ")");
            return false;
        }
    }

    /** A render and everything its reply headers depend on. */
    private record Rendered(RenderedImage image, CachedRenderer.Outcome outcome, double ttlHours,
                            boolean clientCacheable, Instant lastModified, boolean neverExpires, boolean varyAccept) {}

    /**
     * What a catalog record contributes besides Path and the modifiers: {@code MaskPath} and {@code Anchor} as the
     * lowest-precedence {@code mask=} and {@code anchor=}; its own {@code Resolution}, {@code PrintResolution},
     * {@code ThumbType}, {@code ThumbRes} (when set and not 0) replace the catalog attribute they default to.
     */
    private void recordDefaults(CatalogRecord record, Map<String, String> imageCommands) {
        String maskPath = record.field("maskpath").strip();
        if (!maskPath.isEmpty() && !imageCommands.containsKey("mask")) {
            imageCommands.put("mask", resolver.recordPath(record, maskPath));
        }
        String anchor = record.field("anchor").strip();
        if (!anchor.isEmpty() && !imageCommands.containsKey("anchor")) {
            imageCommands.put("anchor", anchor);
        }
        for (String field : List.of("resolution", "printresolution", "thumbtype", "thumbres")) {
            String value = record.field(field).strip();
            if (!value.isEmpty() && !value.equals("0")) {
                imageCommands.put("attribute::" + field, value);
            }
        }
    }

    private Rendered render(HttpServletRequest request, ResolvedObject object, Map<String, String> commands,
                            List<String> comments) {
        Catalog layerCatalog = object.layerCatalog();
        String source = object.sourcePath();
        Map<String, String> imageCommands = new LinkedHashMap<>(commands);
        if (source.isEmpty() && imageCommands.containsKey("src")) {
            // a template whose Modifier names the image (usually through $object$)
            ResolvedObject src = resolver.resolve(catalogs.current(), elements(imageCommands.remove("src")), "");
            source = src.sourcePath();
        }
        double ttl = ttl(object, object.record());
        Optional<CatalogRecord> timeRecord = object.record();
        if (sources.locate(source).isEmpty() && object.record().isPresent() && errorRedirect.enabled()) {
            // in a catalog but not on this disk: the secondary server may have it (never for unknown images)
            String query = request.getQueryString();
            errorRedirect.forward(request.getMethod(), request.getRequestURI() + (query == null ? "" : "?" + query))
                    .ifPresent(reply -> {
                        throw new RedirectedException(reply);
                    });
            throw new RequestException(403, "image not found: " + source + " (the error-redirect server did not answer)");
        }
        if (sources.locate(source).isEmpty()) {
            DefaultImage substitute = defaultImage(object, commands, source);
            source = substitute.source();
            imageCommands = substitute.commands();
            ttl = substitute.ttlHours();
            timeRecord = substitute.record();
        }
        String reqType = commands.getOrDefault("req", "img").split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        PS_ONLY.forEach(imageCommands::remove);
        // names with "::" (attribute::maxpix, ...) are ours to set from the catalogs: a client must not send them
        imageCommands.keySet().removeIf(name -> name.contains("::") || name.startsWith("@"));
        if (reqType.equals("tmb")) {
            imageCommands.put("req", "tmb");
        }
        for (String attribute : RENDER_ATTRIBUTES) {
            String value = layerCatalog.attribute(attribute);
            if (!value.isEmpty()) {
                imageCommands.put("attribute::" + attribute.toLowerCase(Locale.ROOT), value);
            }
        }
        if (timeRecord.isPresent()) {
            recordDefaults(timeRecord.get(), imageCommands);
        }
        // bfc (browser format conversion) picks the format from the Accept header: the reply varies with it
        String bfc = commands.getOrDefault("bfc", layerCatalog.attribute("Bfc")).strip().toLowerCase(Locale.ROOT);
        boolean varyAccept = bfc.equals("on") || bfc.equals("true") || bfc.equals("1");
        if (varyAccept) {
            imageCommands.put("bfc", "on");
            imageCommands.put("header::accept", Optional.ofNullable(request.getHeader("Accept")).orElse(""));
        }
        RenderRequest renderRequest = RenderRequest.of(source, imageCommands);
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
        String key = main.rootId() + "\n" + renderRequest.canonical() + "\n" + String.join("&", comments);
        Instant fetchStarted = clock.instant();
        Instant catalogTime = max(main.timeStamp(), timeRecord.map(CatalogRecord::timeStamp).orElse(layerCatalog.timeStamp()));
        String finalSource = source;
        CachedRenderer.Outcome outcome = renderer.serve(key, mode, main.attribute("CacheValidationPolicy").strip().equals("1"),
                catalogTime, () -> sources.version(finalSource), () -> imageServer.render(renderRequest));
        AccessLogFields.set(request, "CacheUse", outcome.use().name());
        AccessLogFields.set(request, "CacheKey", ResponseCache.hash(key));
        AccessLogFields.set(request, "FetchTime", Long.toString(Duration.between(fetchStarted, clock.instant()).toMillis()));
        boolean neverExpires = ttl < 0;
        // Last-Modified: the record's TimeStamp (which defaults to its catalog's), else the catalog's
        Instant lastModified = timeRecord.map(CatalogRecord::timeStamp).orElse(layerCatalog.timeStamp());
        return new Rendered(outcome.image(), outcome, ttl, !client.equals("off") || neverExpires,
                lastModified, neverExpires, varyAccept);
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
        if (sources.locate(substitute.sourcePath()).isEmpty()) {
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

    private void sendImage(HttpServletRequest request, HttpServletResponse response, Rendered rendered) throws IOException {
        RenderedImage image = rendered.image();
        String etag = image.etag();
        response.setHeader("ETag", etag);
        if (rendered.varyAccept()) {
            response.setHeader("Vary", "Accept");
        }
        AccessLogFields.set(request, "Digest", etag.replace("\"", "")); // the MD5; Tomcat would escape the quotes
        AccessLogFields.set(request, "ContentType", image.contentType());
        AccessLogFields.set(request, "Size", Integer.toString(image.body().length));
        boolean useLastModified = rendered.lastModified() != null && catalogs.current() != null
                && lastModifiedWanted(request);
        long lastModified = useLastModified ? rendered.lastModified().toEpochMilli() : -1;
        if (lastModified > 0) {
            response.setDateHeader("Last-Modified", lastModified);
        }
        if (rendered.clientCacheable()) {
            HttpCaching.expiration(response, rendered.ttlHours(), clock.instant());
        } else {
            HttpCaching.notCacheable(response);
        }
        if (HttpCaching.notModified(request, etag, lastModified, rendered.neverExpires())) {
            response.setStatus(304);
            return;
        }
        response.setStatus(200);
        response.setContentType(image.contentType());
        response.setContentLength(image.body().length);
        response.getOutputStream().write(image.body());
    }

    /** {@code attribute::UseLastModified} of the main catalog, remembered on the request by {@link #doGet}. */
    private boolean lastModifiedWanted(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute("useLastModified"));
    }

    private double ttl(ResolvedObject object, Optional<CatalogRecord> record) {
        if (record.isPresent() && record.get().expiration().isPresent()) {
            return record.get().expiration().getAsDouble();
        }
        return object.layerCatalog().number("Expiration", 10);
    }

    private void sendProperties(HttpServletRequest request, HttpServletResponse response, String format,
                                Map<String, String> properties, double ttl) throws IOException {
        PropertiesResponse.Body body = PropertiesResponse.format(format, properties,
                commandOf(request, "handler"), commandOf(request, "id"), clock.instant());
        HttpCaching.expiration(response, ttl, clock.instant());
        PropertiesResponse.send(response, body);
    }

    /** {@code catalog::UserData} localized through the main catalog's {@code LocaleStrMap}. */
    private static CatalogRecord localized(CatalogRecord record, Catalog main, String locale) {
        String data = record.field("userdata");
        LocaleStrings strings = LocaleStrings.parse(main.attribute("LocaleStrMap"));
        List<String> pairs = new ArrayList<>();
        for (String pair : data.split("\\?\\?", -1)) {
            int eq = pair.indexOf('=');
            pairs.add(eq < 0 ? strings.localize(pair, locale)
                    : pair.substring(0, eq + 1) + strings.localize(pair.substring(eq + 1), locale));
        }
        Map<String, String> fields = new LinkedHashMap<>(record.fields());
        fields.put("userdata", String.join("??", pairs));
        return new CatalogRecord(record.id(), fields, record.catalog());
    }

    private void sendUserData(HttpServletRequest request, HttpServletResponse response, String format,
                              Optional<CatalogRecord> record, double ttl) throws IOException {
        String data = record.flatMap(CatalogRecord::userData).orElse("");
        if (format.equalsIgnoreCase("text") || format.isBlank()) {
            String text = (data.isEmpty() ? "" : data.replace("??", "\r\n")) + "\r\n";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            HttpCaching.expiration(response, ttl, clock.instant());
            response.setContentType("text/plain; charset=UTF-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            return;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String pair : data.split("\\?\\?|\r\n|\n")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                properties.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
            }
        }
        sendProperties(request, response, format, properties, ttl);
    }

    private void sendResolved(HttpServletResponse response, ResolvedObject object, Map<String, String> commands,
                              List<String> comments) throws IOException {
        StringBuilder out = new StringBuilder(object.sourcePath().isEmpty() ? object.requested() : object.sourcePath());
        char separator = '?';
        for (Map.Entry<String, String> c : commands.entrySet()) {
            if (c.getKey().equals("req")) {
                continue;
            }
            out.append(separator).append(c.getKey()).append('=').append(c.getValue());
            separator = '&';
        }
        byte[] bytes = (out + "\n").getBytes(StandardCharsets.UTF_8);
        HttpCaching.notCacheable(response);
        response.setContentType("text/plain; charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static Map<String, String> imageProps(Rendered rendered) {
        RenderedImage image = rendered.image();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("image.width", image.property("image.width"));
        props.put("image.height", image.property("image.height"));
        props.put("image.length", Integer.toString(image.body().length));
        props.put("image.type", image.contentType());
        props.put("image.version", image.etag().replace("\"", ""));
        return props;
    }

    private Map<String, String> catalogProps(Catalog catalog) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : List.of("BkgColor", "DefaultExt", "DefaultPix", "DefaultThumbPix", "Expiration",
                "DefaultExpiration", "NonImgExpiration")) {
            props.put("catalog." + Character.toLowerCase(name.charAt(0)) + name.substring(1), catalog.attribute(name));
        }
        props.put("catalog.fileTime", Long.toString(catalog.timeStamp().toEpochMilli()));
        for (String name : List.of("JpegQuality", "MaxPix", "PrintResolution", "PublishInfo", "ResMode", "Resolution",
                "ThumbBkgColor", "ThumbHorizAlign", "ThumbRes", "ThumbType", "ThumbVertAlign", "Watermark")) {
            props.put("catalog." + Character.toLowerCase(name.charAt(0)) + name.substring(1), catalog.attribute(name));
        }
        String loadError = catalogs.loadError(catalog);
        if (!loadError.isEmpty()) {
            props.put("catalog.loadError", loadError);
        }
        return props;
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

    private static String commandOf(HttpServletRequest request, String name) {
        @SuppressWarnings("unchecked")
        Map<String, String> commands = (Map<String, String>) request.getAttribute("commands");
        return commands == null ? null : commands.get(name);
    }

    /** The path after {@code /is/image/}, still %-encoded. */
    private static String rawPath(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String prefix = request.getContextPath() + request.getServletPath();
        String path = uri.length() > prefix.length() ? uri.substring(prefix.length()) : "";
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return path;
    }

    /** Response headers of the matching rules ({@code <header>}), with {@code $var$} references substituted. */
    private static void addHeaders(HttpServletResponse response, List<RuleSet.Header> headers, Map<String, String> variables) {
        for (RuleSet.Header header : headers) {
            String name = CommandAssembler.substitute(header.name(), variables);
            String value = CommandAssembler.substitute(header.value(), variables);
            String existing = response.getHeader(name);
            response.setHeader(name, header.add() && existing != null ? existing + ", " + value : value);
        }
    }

    private static List<String> elements(String object) {
        return Arrays.stream(object.split("/")).filter(e -> !e.isEmpty()).toList();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The liveness page: the documented {@code #S7Z OK} header plus {@code imageServer.*} facts proving ps reached is. */
    private void serverInfo(HttpServletResponse response) throws IOException {
        StringBuilder body = new StringBuilder()
                .append("#S7Z OK\n")
                .append('#').append(Instant.now()).append('\n')
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
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain; charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static String title(int status, String message) {
        if (message != null && message.startsWith("image not found")) {
            return "Image not found";
        }
        return switch (status) {
            case 400, 403 -> "Invalid request";
            case 404 -> "Not found";
            case 503 -> "Service unavailable";
            default -> "Server error";
        };
    }
}
