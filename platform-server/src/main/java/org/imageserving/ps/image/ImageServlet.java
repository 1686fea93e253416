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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.health.HealthReport;
import org.imageserving.common.protocol.RequestKind;
import org.imageserving.common.wire.ComponentUnavailableException;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameType;
import org.imageserving.ps.responsecache.CachedRenderer;
import org.imageserving.ps.responsecache.ResponseCache;
import org.imageserving.ps.caching.HttpCaching;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.AccessLogFields;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.http.RedirectedException;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.layersource.ForeignSources;
import org.imageserving.ps.metrics.PsMetrics;
import org.imageserving.ps.request.CommandAssembler;
import org.imageserving.ps.request.MacroExpander;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.ObjectResolver;
import org.imageserving.ps.request.ProtocolCheck;
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
    private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    private static final String SENDFILE_NAME = "org.apache.tomcat.sendfile.filename";
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";
    /**
     * Tomcat hands a sendfile to its poller and back, which costs more than copying a small reply: measured on a 30 KB
     * hit, 6.7 k req/s by sendfile against 28.8 k written from memory. Its DefaultServlet draws the line at 48 KB too;
     * the response cache holds the bodies up to that size in memory.
     */
    private static final long SENDFILE_MIN_BYTES = ResponseCache.HELD_BODY_MAX + 1;
    private final ImageServerClient imageServer;
    private final CatalogService catalogs;
    private final ObjectResolver resolver;
    private final ImageRendering rendering;
    private final SourceFiles sources;
    private final PropertyReplies replies;
    private final RequestGate gate;
    private final RequestPlans plans = new RequestPlans();
    private final Clock clock;

    /**
     * @param foreignSources    fetches foreign sources ({@code src={url}})
     * @param foreignExpiration {@code IS::RemoteUrlDefaultExpiration}: how long a reply from a foreign source is trusted
     */
    public ImageServlet(ImageServerClient imageServer, CatalogService catalogs, SourceFiles sources,
                        CachedRenderer renderer, RequestGate gate, ErrorRedirect errorRedirect,
                        ForeignSources foreignSources, Duration foreignExpiration, Clock clock) {
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
        RequestPlans.Plan known = plans.find(all, rawPath, rawQuery);
        Catalog main = known != null ? known.main() : ObjectResolver.mainCatalog(all, RequestGate.decodedElements(rawPath));
        int errorDetail = known != null ? known.errorDetail() : (int) main.number("ErrorDetail", 0);
        AccessLogFields.set(request, "RootId", main.rootId());
        AccessLogFields.set(request, "CacheUse", "IGNORED");
        AccessLogFields.set(request, "ProcessingStatus", "0");
        List<RuleSet.Header> ruleHeaders = List.of();
        boolean imageReply = true;
        String replyFormat = "text";
        try {
            if (known != null && rendering.sourceStillThere(known.render())) {
                reuse(request, response, known, started);
                return;
            }
            RequestGate.Admitted admitted = gate.admit(all, "is", rawPath, rawQuery, request.getRemoteAddr(),
                    rawQuery != null && rawQuery.toLowerCase(Locale.ROOT).contains("req=catalogprops"));
            ruleHeaders = admitted.headers();
            main = admitted.main();
            errorDetail = (int) main.number("ErrorDetail", 0);
            AccessLogFields.set(request, "TransformedUrl", admitted.transformed());
            List<String> elements = admitted.elements();
            List<Modifier> url = ModifierTokenizer.fromUrl(admitted.query());
            String reqValue = lastCommand(url, "req").orElse(null);
            String[] req = (reqValue == null ? "img" : reqValue).split(",", -1);
            String format = req.length > 1 ? req[1] : "text";
            replyFormat = format.strip().toLowerCase(Locale.ROOT);
            imageReply = RequestKind.find(req[0]).map(RequestKind::image).orElse(false);
            AccessLogFields.set(request, "ReqType", req[0].strip().toUpperCase(Locale.ROOT)); // also when refused
            RequestKind kind = ProtocolCheck.requestKind(reqValue);
            String reqType = kind.name().toLowerCase(Locale.ROOT);
            boolean sourceInQuery = lastCommand(url, "src").isPresent();
            // /is/image/<catalog>?req=catalogprops names the catalog itself (the gate made it the main catalog)
            boolean catalogOnly = reqType.equals("catalogprops") && elements.size() == 1
                    && main.rootId().equals(elements.get(0));
            if ((elements.isEmpty() || catalogOnly) && !sourceInQuery) {
                if (!reqType.equals("catalogprops")) {
                    throw new RequestException(403, "no image given: use /is/image/<catalog>/<id> or /is/image/<path>");
                }
                // the commands are assembled only for an object; the reply still needs handler= and id=
                Map<String, String> replyCommands = new LinkedHashMap<>();
                lastCommand(url, "handler").ifPresent(handler -> replyCommands.put("handler", handler));
                lastCommand(url, "id").ifPresent(id -> replyCommands.put("id", id));
                request.setAttribute("commands", replyCommands);
                replies.sendProperties(request, response, format, replies.catalogProps(main),
                        main.number("NonImgExpiration", 0.1));
                return;
            }
            // without a path, src= names layer 0's source (e.g. a nested request: /is/image?src=is{...})
            ResolvedObject object = (elements.isEmpty()
                    ? new ResolvedObject("", main, Optional.empty(), "")
                    : resolver.resolve(all, elements, lastCommand(url, "locale").orElse("")))
                    .withOverrides(admitted.overrides());
            main = object.main();
            Optional<CatalogRecord> record = object.record();
            MacroExpander macros = new MacroExpander(main::macro);
            CommandAssembler.Assembled assembled = CommandAssembler.assemble(
                    ModifierTokenizer.fromCatalog(record.map(CatalogRecord::modifier).orElse("")), url,
                    ModifierTokenizer.fromCatalog(record.map(CatalogRecord::postModifier).orElse("")),
                    macros, object.requested());
            Map<String, String> commands = assembled.commands();
            ProtocolCheck.acceptCommands(commands);
            // The variables travel on as $name commands: an SVG source substitutes them in its own text.
            assembled.variables().forEach((name, value) -> {
                if (!name.equals("object")) {
                    commands.put("$" + name, value);
                }
            });
            request.setAttribute("commands", commands);
            request.setAttribute("useLastModified", main.flag("UseLastModified"));
            AccessLogFields.set(request, "RootId", main.rootId());
            AccessLogFields.set(request, "PathBasedAccess", record.isEmpty() ? "1" : "0");
            AccessLogFields.set(request, "ParseTime", Long.toString((System.nanoTime() - started) / 1_000_000));
            List<RuleSet.Header> headers = substituted(ruleHeaders, assembled.variables());
            addHeaders(response, headers);
            ruleHeaders = List.of();
            switch (reqType) {
                case "catalogprops" -> replies.sendProperties(request, response, format, replies.catalogProps(main),
                        main.number("NonImgExpiration", 0.1));
                case "exists" -> replies.sendProperties(request, response, format,
                        Map.of("catalogRecord.exists", exists(object) ? "1" : "0"),
                        main.number("NonImgExpiration", 0.1));
                case "userdata" -> {
                    Catalog strings = main;
                    String locale = commands.getOrDefault("locale", main.attribute("DefaultLocale"));
                    replies.sendUserData(request, response, format,
                            record.map(r -> PropertyReplies.localized(r, strings, locale)),
                            ImageRendering.ttl(object, record));
                }
                case "resolve" -> replies.sendResolved(response, object, commands, assembled.comments());
                case "props" -> {
                    // The Image Server describes the reply without decoding; the reply itself gives its byte length.
                    Map<String, String> described = describe(request, object, commands, assembled.comments());
                    Map<String, String> image = new LinkedHashMap<>(commands);
                    image.remove("req");
                    ImageRendering.Rendered rendered = rendering.render(request, object, image, assembled.comments());
                    described.putAll(PropertyReplies.imageProps(rendered));
                    replies.sendProperties(request, response, format, described, main.number("NonImgExpiration", 0.1));
                }
                case "img", "tmb", "imageprops", "validate" -> {
                    ImageRendering.Plan plan = rendering.plan(request, object, commands, assembled.comments());
                    ImageRendering.Rendered rendered = rendering.render(request, plan);
                    if (!imageReply) {
                        rendered = replies.formatted(request, rendered, format, plan.prepared().timeRecord());
                    }
                    if ((reqType.equals("img") || reqType.equals("tmb")) && !admitted.clientDependent()
                            && !plan.prepared().varyAccept() && plan.prepared().sourceOnDisk()) {
                        plans.remember(all, rawPath, rawQuery, new RequestPlans.Plan(main, errorDetail,
                                reqType.toUpperCase(Locale.ROOT), admitted.transformed(), record.isEmpty(), headers,
                                commands, main.flag("UseLastModified"), plan));
                    }
                    sendImage(request, response, rendered);
                }
                default -> throw new RequestException(403, "req=" + reqType + " is not supported");
            }
        } catch (RedirectedException e) {
            AccessLogFields.set(request, "CacheUse", "REMOTE");
            if (e.reply().isPresent()) {
                ErrorRedirect.relay(e.reply().get(), response);
            } else {
                // documented: the plain error, even when a default or error image is configured
                addHeaders(response, substituted(ruleHeaders, Map.of()));
                AccessLogFields.error(request, 403, e.getMessage());
                ErrorResponse.send(response, 403, title(403, e.getMessage()), e.getMessage(), errorDetail,
                        ErrorResponse.stackTrace(e));
            }
        } catch (RequestException e) {
            addHeaders(response, substituted(ruleHeaders, Map.of()));
            AccessLogFields.error(request, e.status(), e.getMessage());
            String title = title(e.status(), e.getMessage());
            if (imageReply && e.status() < 500
                    && sendErrorImage(request, response, main, title, e.getMessage(), errorDetail)) {
                return;
            }
            if (!imageReply && List.of("xml", "json", "javascript").contains(replyFormat)) {
                replies.sendFormattedError(request, response, e.status(), replyFormat, title, e.getMessage(), errorDetail,
                        ErrorResponse.stackTrace(e));
                return;
            }
            ErrorResponse.send(response, e.status(), title, e.getMessage(), errorDetail, ErrorResponse.stackTrace(e));
        } catch (ComponentUnavailableException e) {
            AccessLogFields.error(request, 503, e.getMessage());
            ErrorResponse.send(response, 503, "Image Server unavailable",
                    "the Image Server is not answering (it may be restarting); try again shortly", errorDetail,
                    ErrorResponse.stackTrace(e));
        }
    }

    /** A request answered with the plan of an earlier identical one: what {@link #doGet} would have computed again. */
    private void reuse(HttpServletRequest request, HttpServletResponse response, RequestPlans.Plan plan, long started)
            throws IOException {
        AccessLogFields.set(request, "TransformedUrl", plan.transformed());
        AccessLogFields.set(request, "ReqType", plan.reqType());
        request.setAttribute("commands", plan.commands());
        request.setAttribute("useLastModified", plan.useLastModified());
        AccessLogFields.set(request, "PathBasedAccess", plan.pathBased() ? "1" : "0");
        AccessLogFields.set(request, "ParseTime", Long.toString((System.nanoTime() - started) / 1_000_000));
        addHeaders(response, plan.headers());
        request.setAttribute(PsMetrics.PLAN_REUSED, Boolean.TRUE);
        sendImage(request, response, rendering.render(request, plan.render()));
    }

    /** {@code req=exists}: the catalog record, or for a request by path, the file. */
    private boolean exists(ResolvedObject object) {
        return object.record().isPresent() || sources.locate(object.sourcePath()).isPresent();
    }

    /** The Image Server's {@code req=props} list for this request, as name → value in its order. */
    private Map<String, String> describe(HttpServletRequest request, ResolvedObject object, Map<String, String> commands,
                                         List<String> comments) {
        Map<String, String> propsCommands = new java.util.LinkedHashMap<>(commands);
        propsCommands.put("req", "props");
        ImageRendering.Rendered data = rendering.render(request, object, propsCommands, comments);
        return new LinkedHashMap<>(PropertyReplies.data(data.image()));
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
            ResolvedObject object = resolver.resolve(catalogs.current(), ImageRendering.elements(errorImage), "");
            List<Modifier> variables = List.of(new Modifier(Modifier.Kind.VARIABLE, "error.title", title),
                    new Modifier(Modifier.Kind.VARIABLE, "error.message", errorDetail >= ErrorResponse.DETAILED ? message : ""));
            CommandAssembler.Assembled assembled = CommandAssembler.assemble(
                    ModifierTokenizer.fromCatalog(object.record().map(CatalogRecord::modifier).orElse("")), variables,
                    ModifierTokenizer.fromCatalog(object.record().map(CatalogRecord::postModifier).orElse("")),
                    new MacroExpander(object.main()::macro), object.requested());
            Map<String, String> commands = new LinkedHashMap<>(assembled.commands());
            commands.put("cache", "off");
            RenderedImage image = rendering.render(request, object, commands, List.of()).image();
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

    private void sendImage(HttpServletRequest request, HttpServletResponse response, ImageRendering.Rendered rendered)
            throws IOException {
        RenderedImage image = rendered.image();
        String etag = image.etag();
        response.setHeader("ETag", etag);
        if (rendered.varyAccept()) {
            response.setHeader("Vary", "Accept");
        }
        AccessLogFields.set(request, "Digest", etag.replace("\"", "")); // the MD5; Tomcat would escape the quotes
        AccessLogFields.set(request, "ContentType", image.contentType());
        AccessLogFields.set(request, "Size", Long.toString(image.length()));
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
        response.setContentLengthLong(image.length());
        if (request.getMethod().equals("HEAD")) {
            return;
        }
        Optional<RenderedImage.FileRegion> stored = image.file();
        if (stored.isPresent() && image.length() >= SENDFILE_MIN_BYTES
                && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
            // a large cache hit: Tomcat sends the bytes from the entry file to the socket, not through the heap
            RenderedImage.FileRegion region = stored.get();
            request.setAttribute(SENDFILE_NAME, region.file().toAbsolutePath().toString());
            request.setAttribute(SENDFILE_START, region.offset());
            request.setAttribute(SENDFILE_END, region.offset() + region.length());
            return;
        }
        response.getOutputStream().write(image.body());
    }

    /** {@code attribute::UseLastModified} of the main catalog, remembered on the request by {@link #doGet}. */
    private boolean lastModifiedWanted(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute("useLastModified"));
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

    /** Response headers of the matching rules ({@code <header>}) with {@code $var$} references substituted. */
    private static List<RuleSet.Header> substituted(List<RuleSet.Header> headers, Map<String, String> variables) {
        return headers.stream().map(header -> new RuleSet.Header(CommandAssembler.substitute(header.name(), variables),
                header.add(), CommandAssembler.substitute(header.value(), variables))).toList();
    }

    /** Sets the rules' response headers; an adding rule appends to a value an earlier one set. */
    private static void addHeaders(HttpServletResponse response, List<RuleSet.Header> headers) {
        for (RuleSet.Header header : headers) {
            String existing = response.getHeader(header.name());
            response.setHeader(header.name(), header.add() && existing != null
                    ? existing + ", " + header.value() : header.value());
        }
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
