package org.imageserving.ps.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.imageserving.common.imaging.source.SourceRoot;
import org.imageserving.common.imaging.source.s3.ObjectStore;
import org.imageserving.common.imaging.source.s3.ObjectVersion;
import org.imageserving.common.props.PropertyWriter;
import org.imageserving.ps.caching.HttpCaching;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.catalog.Catalogs;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.http.PropertiesResponse;
import org.imageserving.ps.http.RedirectedException;
import org.imageserving.ps.http.RequestException;
import org.imageserving.ps.reply.ErrorTitles;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.request.Modifier;
import org.imageserving.ps.request.ModifierTokenizer;
import org.imageserving.ps.request.RequestGate;

/**
 * {@code /is/content[/catalog/item][?modifiers]}: static (non-image) files, from static-content catalog records
 * ({@code attribute::StaticContentCatalogFile}) or by path when {@code AllowDirectAccess} includes {@code STATIC}.
 * Items live under {@code PS::staticContent.rootPaths / attribute::StaticContentRootPath / static::Path}, each root a
 * folder or a prefix in an S3-compatible bucket ({@link ContentRoots}). Like
 * {@link org.imageserving.ps.image.ImageRequestProcessor}, it answers a {@link ClientRequest} with a {@link Reply}
 * and knows no servlet; {@link StaticContentServlet} adapts it. Commands:
 * {@code type=} (must equal the record's {@code UserType}), {@code req=userdata|props|exists}, {@code cache=on|off}
 * (client caching only). Replies always carry {@code Last-Modified}, an ETag and the TTL of {@code Expiration}.
 *
 * <p>Files are never read into the heap: the reply names the file (or the part a {@code Range} asks for, see
 * {@link ByteRanges}) and the writer sends it by sendfile or streams it, so a large video or PDF costs a buffer, and a
 * player can seek; an object in a bucket passes through a buffer from one ranged GET ({@link ObjectBody}). The ETag is
 * derived from the file's metadata or the object's own ETag ({@link #etag}), not read from the content.
 */
public final class StaticContentProcessor {
    private static final Map<String, String> MIME = Map.ofEntries(
            Map.entry("css", "text/css"), Map.entry("js", "text/javascript"), Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain"), Map.entry("vtt", "text/vtt"), Map.entry("xml", "text/xml"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("svg", "image/svg+xml"),
            Map.entry("pdf", "application/pdf"), Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("webm", "video/webm"), Map.entry("flv", "video/x-flv"),
            Map.entry("f4v", "video/mp4"), Map.entry("swf", "application/x-shockwave-flash"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("zip", "application/zip"),
            Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"), Map.entry("ttf", "font/ttf"));

    /** Every file reply says that ranges are supported, so a player knows it can seek. */
    private static final Reply.Header ACCEPT_RANGES = Reply.Header.set("Accept-Ranges", "bytes");

    private final CatalogService catalogs;
    private final ContentRoots roots;
    private final RequestGate gate;
    private final ErrorRedirect errorRedirect;
    private final Clock clock;

    public StaticContentProcessor(CatalogService catalogs, List<Path> roots, RequestGate gate, ErrorRedirect errorRedirect,
                                Clock clock) {
        this(catalogs, roots.stream().<SourceRoot>map(SourceRoot.Folder::new).toList(), null, gate, errorRedirect,
                clock);
    }

    /** @param store the object store of the bucket roots among {@code roots}; may be null when none is a bucket */
    public StaticContentProcessor(CatalogService catalogs, List<SourceRoot> roots, ObjectStore store, RequestGate gate,
                                  ErrorRedirect errorRedirect, Clock clock) {
        this.catalogs = catalogs;
        this.errorRedirect = errorRedirect;
        this.roots = new ContentRoots(roots, store);
        this.gate = gate;
        this.clock = clock;
    }

    private record Item(Catalog catalog, Optional<CatalogRecord> record, Optional<ContentRoots.Found> file,
                        String requested) {}

    public Reply process(ClientRequest request) {
        Catalogs all = catalogs.current();
        int errorDetail = (int) all.defaultCatalog().number("ErrorDetail", 0);
        request.log().set("CacheUse", "IGNORED");
        try {
            RequestGate.Admitted admitted = gate.admit(all, "static", request.rawPath(), request.rawQuery(),
                    request.clientAddress(), false);
            errorDetail = (int) admitted.main().number("ErrorDetail", 0);
            Map<String, String> commands = new LinkedHashMap<>();
            for (Modifier m : ModifierTokenizer.fromUrl(admitted.query())) {
                if (m.kind() == Modifier.Kind.COMMAND) {
                    commands.put(m.name(), m.value());
                }
            }
            String[] req = commands.getOrDefault("req", "").split(",", -1);
            String reqType = req[0].strip().toLowerCase(Locale.ROOT);
            String format = req.length > 1 ? req[1] : "text";
            Item item = resolve(all, admitted.elements(), admitted.overrides());
            request.log().set("RootId", item.catalog().rootId());
            request.log().set("ReqType", reqType.isEmpty() ? "STATIC" : reqType.toUpperCase(Locale.ROOT));
            double ttl = item.record().flatMap(r -> r.expiration().isPresent()
                    ? Optional.of(r.expiration().getAsDouble()) : Optional.empty())
                    .orElse(item.catalog().number("Expiration", 10));
            double nonImg = item.catalog().number("NonImgExpiration", 0.1);
            if (reqType.equals("exists")) {
                return properties(format, Map.of("catalogRecord.exists",
                        item.record().isPresent() && item.file().isPresent() ? "1" : "0"), nonImg, commands);
            }
            checkType(item, commands.get("type"));
            if (reqType.equals("userdata")) {
                return properties(format, properties(item.record().flatMap(CatalogRecord::userData).orElse("")),
                        ttl, commands);
            }
            if (item.file().isEmpty()) {
                String failure = "static content not found: " + item.requested();
                if (errorRedirect.enabled()) {
                    // documented: missing static content is redirected even without a catalog record
                    throw errorRedirect.redirect(request.method(), request.requestUri(), request.rawQuery(), failure);
                }
                throw new RequestException(403, failure);
            }
            ContentRoots.Found file = item.file().get();
            long modified = item.record().filter(r -> r.field("timestamp").length() > 0)
                    .map(r -> r.timeStamp().toEpochMilli()).orElse(file.lastModified());
            if (reqType.equals("props")) {
                Map<String, String> props = new LinkedHashMap<>();
                props.put("path", item.requested());
                props.put("length", Long.toString(file.size()));
                props.put("expiration", Double.toString(ttl));
                props.put("lastModified", Long.toString(modified));
                props.put("userType", item.record().map(r -> r.field("usertype")).orElse(""));
                return properties(format, props, nonImg, commands);
            }
            if (!reqType.isEmpty()) {
                throw new RequestException(403, "req=" + reqType + " is not available for static content");
            }
            return file(request, file, item.catalog().rootId() + "/" + item.requested(), modified, ttl,
                    !"off".equalsIgnoreCase(commands.get("cache")), errorDetail);
        } catch (RedirectedException e) {
            request.log().set("CacheUse", "REMOTE");
            if (e.reply().isPresent()) {
                return new Reply.Relayed(e.reply().get());
            }
            request.log().error(403, e.getMessage());
            return new Reply.Failure(403, ErrorTitles.of(403, e.getMessage()), e.getMessage(), errorDetail, "", null,
                    List.of());
        } catch (RequestException e) {
            request.log().error(e.status(), e.getMessage());
            return new Reply.Failure(e.status(), ErrorTitles.of(e.status(), e.getMessage()), e.getMessage(),
                    errorDetail, ErrorResponse.stackTrace(e), null, List.of());
        } catch (IOException e) {
            request.log().error(500, e.getMessage());
            return new Reply.Failure(500, ErrorTitles.of(500, e.getMessage()), "static content could not be read: "
                    + e.getMessage(), errorDetail, ErrorResponse.stackTrace(e), null, List.of());
        }
    }

    private Item resolve(Catalogs all, List<String> elements, Map<String, String> overrides) {
        if (elements.isEmpty()) {
            throw new RequestException(403, "no content given: use /is/content/<catalog>/<id> or /is/content/<path>");
        }
        for (String element : elements) {
            if (element.equals("..") || element.equals(".") || element.indexOf('\\') >= 0 || element.indexOf('\0') >= 0) {
                throw new RequestException(403, "invalid path element '" + element + "'");
            }
        }
        Catalog catalog = all.defaultCatalog();
        String id = String.join("/", elements);
        if (elements.size() >= 2 && all.byRootId(elements.get(0)).isPresent()) {
            catalog = all.byRootId(elements.get(0)).get();
            id = String.join("/", elements.subList(1, elements.size()));
        }
        catalog = catalog.withOverrides(overrides);
        Optional<CatalogRecord> record = catalog.staticRecord(id);
        if (record.isPresent()) {
            return new Item(catalog, record, file(catalog, record.get().path(), true), id);
        }
        if (!allowsDirect(catalog.attribute("AllowDirectAccess"))) {
            throw new RequestException(403, "direct access to static content is not allowed for this catalog: " + id);
        }
        return new Item(catalog, Optional.empty(), file(catalog, id, false), id);
    }

    private static boolean allowsDirect(String setting) {
        String value = setting.strip().toLowerCase(Locale.ROOT);
        if (value.isEmpty()) {
            return true;
        }
        boolean exclude = value.startsWith("exclude:");
        String list = value.replaceFirst("^(include|exclude):", "");
        boolean listed = List.of(list.split(",")).stream().map(String::strip).anyMatch("static"::equals);
        return exclude != listed;
    }

    /**
     * {@code staticContent root / StaticContentRootPath / path}; the first root holding the item wins; never outside,
     * not even through a symbolic link ({@link ContentRoots}). Empty when no root has it.
     */
    private Optional<ContentRoots.Found> file(Catalog catalog, String path, boolean fromCatalog) {
        String contentRoot = catalog.attribute("StaticContentRootPath").strip();
        Path relative = contentRoot.isEmpty() ? Path.of(path) : Path.of(contentRoot).resolve(path);
        if (relative.isAbsolute() && !fromCatalog) {
            throw new RequestException(403, "absolute paths are not allowed in requests");
        }
        return roots.find(relative);
    }

    private static void checkType(Item item, String type) {
        if (type == null || item.record().isEmpty()) {
            return;
        }
        String userType = item.record().get().field("usertype");
        if (!userType.isEmpty() && !userType.equals(type)) {
            throw new RequestException(403, "type=" + type + " does not match the item's type");
        }
    }

    private Reply file(ClientRequest request, ContentRoots.Found found, String requested, long modified, double ttl,
                       boolean clientCacheable, int errorDetail) throws IOException {
        long length;
        String etag;
        if (found instanceof ContentRoots.Found.File file) {
            BasicFileAttributes attributes = Files.readAttributes(file.path(), BasicFileAttributes.class);
            length = attributes.size();
            etag = etag(requested, attributes);
        } else {
            ObjectVersion version = ((ContentRoots.Found.Object) found).version();
            length = version.size();
            etag = etag(requested, version);
        }
        Reply.Caching caching = (clientCacheable ? Reply.Caching.ttl(ttl) : Reply.Caching.NO_STORE)
                .withLastModified(modified);
        request.log().set("Digest", etag.replace("\"", "")); // Tomcat would escape the quotes
        if (HttpCaching.notModified(request.header("if-none-match"), request.ifModifiedSince(), etag, modified,
                ttl < 0)) {
            return new Reply.NotModified(etag, caching, List.of(ACCEPT_RANGES));
        }
        String name = found.name();
        String suffix = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        String type = MIME.getOrDefault(suffix, "application/octet-stream");
        String contentType = type.startsWith("text/") ? type + "; charset=UTF-8" : type;
        request.log().set("ContentType", type);
        // RFC 9110 defines ranges for GET alone: a HEAD is answered as the whole file's GET would be
        ByteRanges.Selection selection = request.method().equals("GET")
                ? ByteRanges.select(request.header("range"), request.header("if-range"), etag, modified, length)
                : new ByteRanges.Whole();
        if (selection instanceof ByteRanges.Unsatisfiable unsatisfiable) {
            String message = "the range " + request.header("range") + " lies outside the " + length + " bytes of "
                    + requested;
            request.log().error(416, message);
            return new Reply.Failure(416, ErrorTitles.of(416, message), message, errorDetail, "", null,
                    List.of(ACCEPT_RANGES, Reply.Header.set("Content-Range", unsatisfiable.contentRange(length))));
        }
        if (selection instanceof ByteRanges.Part part) {
            return new Reply.Entity(206, body(found, contentType, part.first(), part.length(), etag), caching,
                    List.of(ACCEPT_RANGES, Reply.Header.set("Content-Range", part.contentRange(length))));
        }
        return new Reply.Entity(200, body(found, contentType, 0, length, etag), caching, List.of(ACCEPT_RANGES));
    }

    /** {@code length} bytes from {@code first}: a region of the file, or a ranged GET of the object's version. */
    private Reply.Body body(ContentRoots.Found found, String contentType, long first, long length, String etag) {
        if (found instanceof ContentRoots.Found.File file) {
            return new Reply.Body(contentType, length, null, new Reply.FileRegion(file.path(), first, length), etag);
        }
        return Reply.Body.streamed(contentType, length, etag,
                new ObjectBody(roots.store(), (ContentRoots.Found.Object) found, first, length));
    }

    /**
     * A strong ETag for this version of the file, from the stat the reply needs anyway: its size and modification
     * time (to the file system's precision), and the path it was asked by. Hashing the content instead cost a full
     * read per request. Any write changes the time; the tag leaves out the inode so that nodes holding copies made
     * with their times kept ({@code rsync -a}, {@code cp -p}) give the same tag, and a CDN revalidating through
     * another node still gets its 304.
     */
    static String etag(String requested, BasicFileAttributes attributes) {
        long nanos = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        CRC32C path = new CRC32C();
        path.update(requested.getBytes(StandardCharsets.UTF_8));
        return "\"" + Long.toHexString(attributes.size()) + "-" + Long.toHexString(nanos) + "-"
                + Long.toHexString(path.getValue()) + "\"";
    }

    /**
     * The same for an object in a bucket, from its version: its size, the object's own ETag (which changes with its
     * content) and the path it was asked by. Every node reading the bucket gives the same tag.
     */
    static String etag(String requested, ObjectVersion version) {
        CRC32C object = new CRC32C();
        object.update(version.etag().getBytes(StandardCharsets.UTF_8));
        CRC32C path = new CRC32C();
        path.update(requested.getBytes(StandardCharsets.UTF_8));
        return "\"s3-" + Long.toHexString(version.size()) + "-" + Long.toHexString(object.getValue()) + "-"
                + Long.toHexString(path.getValue()) + "\"";
    }

    private Reply properties(String format, Map<String, String> props, double ttl, Map<String, String> commands) {
        PropertyWriter.Reply body = PropertiesResponse.format(format, props, commands.get("handler"),
                commands.get("id"), Instant.now(clock));
        return new Reply.Entity(200, Reply.Body.of(body.contentType(), body.body()), Reply.Caching.ttl(ttl), List.of());
    }

    private static Map<String, String> properties(String data) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String pair : data.split("\\?\\?|\r\n|\n")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                props.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
            }
        }
        return props;
    }
}
