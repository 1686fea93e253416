package org.imageserving.ps.cacheservice;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.imageserving.ps.http.AccessLogFields;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.responsecache.EntryTransfer;
import org.imageserving.ps.responsecache.ResponseCache;
import org.imageserving.ps.responsecache.StoredEntry;
import org.imageserving.ps.rules.AddressFilter;

/**
 * {@code /is/cache}: the caching service, internal traffic only. It answers
 * <ul>
 *   <li>{@code GET /is/cache}: the state of the response cache ({@code cache.entries}, {@code cache.size}, limits);</li>
 *   <li>{@code GET|HEAD /is/cache/<key>}: a stored reply by its key (the SHA-256 the access log shows as
 *       {@code %{CacheKey}r}), as cache-cluster peers ask for it; {@code ?createdAfter=<ms>} makes an entry older than
 *       the asker's catalogs a miss, so a peer never hands out what the asker would consider stale; with
 *       {@code Accept: }{@value EntryTransfer#MEDIA_TYPE} the reply is the whole entry file (metadata, body,
 *       CRC-32), which is how cluster peers ask ({@code CacheClusterClient});</li>
 *   <li>{@code GET|HEAD /is/cache/secondary/<key>}: the same store as the Image Server's secondary cache
 *       ({@code IS::CacheServerUrl}).</li>
 * </ul>
 * A miss is a 404. Stored replies bypass every protection of {@code /is/image} (rule sets, locks, signatures, address
 * filters), so only loopback clients and the peers of {@code PS::cacheCluster.hosts} are answered, and never a
 * request a proxy relayed; anybody else gets a 403. Nothing can be written or deleted through it. It answers from
 * this node's cache only and never asks the cluster's other peers, so peers cannot send a question round in a loop.
 */
public final class CacheServiceServlet extends HttpServlet {
    private static final String SECONDARY = "secondary/";
    private final ResponseCache cache;
    private final AddressFilter clients;

    /** @param peers the addresses of {@code PS::cacheCluster.hosts} ({@code ClusterHosts#addressFilter}); may be empty */
    public CacheServiceServlet(ResponseCache cache, String peers) {
        this.cache = cache;
        this.clients = AddressFilter.parse("127.0.0.0/8,::1" + (peers.isBlank() ? "" : "," + peers));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AccessLogFields.set(request, "Context", "cache");
        AccessLogFields.set(request, "CacheUse", "IGNORED");
        if (!clients.allows(request.getRemoteAddr()) || forwarded(request)) {
            refuse(request, response, 403, "Invalid request",
                    "the caching service answers only loopback clients and PS::cacheCluster.hosts");
            return;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            refuse(request, response, 405, "Invalid request", "the caching service only reads: use GET or HEAD");
            return;
        }
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/").substring(1);
        if (path.isEmpty()) {
            status(response);
            return;
        }
        String hash = path.startsWith(SECONDARY) ? path.substring(SECONDARY.length()) : path;
        if (!ResponseCache.isHash(hash)) {
            refuse(request, response, 403, "Invalid request",
                    "not a cache key (64 lower-case hex digits): " + path.replaceAll("[^\\x20-\\x7e]", "?"));
            return;
        }
        long createdAfter;
        try {
            createdAfter = Long.parseLong(Optional.ofNullable(request.getParameter("createdAfter")).orElse("0"));
        } catch (NumberFormatException e) {
            refuse(request, response, 403, "Invalid request", "createdAfter must be milliseconds since 1970");
            return;
        }
        Optional<StoredEntry> entry = cache.getByHash(hash)
                .filter(e -> e.created().toEpochMilli() >= createdAfter);
        AccessLogFields.set(request, "CacheKey", hash);
        if (entry.isEmpty()) {
            refuse(request, response, 404, "Not found", "no cache entry " + hash);
            return;
        }
        if (wantsEntryFile(request)) {
            sendEntryFile(request, response, hash, entry.get(), method);
            return;
        }
        AccessLogFields.set(request, "CacheUse", "REUSED");
        AccessLogFields.set(request, "ContentType", entry.get().contentType());
        response.setStatus(200);
        response.setContentType(entry.get().contentType());
        response.setHeader("Cache-Control", "no-store");
        response.setDateHeader("Last-Modified", entry.get().created().toEpochMilli());
        response.setHeader("ETag", entry.get().etag());
        response.setContentLengthLong(entry.get().bodyLength());
        if (method.equals("GET")) {
            response.getOutputStream().write(entry.get().image().body());
        }
    }

    private static boolean wantsEntryFile(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains(EntryTransfer.MEDIA_TYPE);
    }

    /** The entry file as stored: the asker checks its CRC, so a torn transfer is never served or kept there. */
    private static void sendEntryFile(HttpServletRequest request, HttpServletResponse response, String hash,
                                      StoredEntry entry, String method) throws IOException {
        Optional<byte[]> file = EntryTransfer.wireForm(entry);
        if (file.isEmpty()) { // evicted or replaced since the lookup
            refuse(request, response, 404, "Not found", "no cache entry " + hash);
            return;
        }
        AccessLogFields.set(request, "CacheUse", "REUSED");
        AccessLogFields.set(request, "ContentType", EntryTransfer.MEDIA_TYPE);
        response.setStatus(200);
        response.setContentType(EntryTransfer.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("ETag", entry.etag());
        response.setContentLength(file.get().length);
        if (method.equals("GET")) {
            response.getOutputStream().write(file.get());
        }
    }

    /**
     * A request relayed by a proxy on this host arrives from loopback too; proxies mark what they relay
     * ({@code X-Forwarded-For}, {@code Forwarded}), and such a request is a client's, not internal traffic.
     */
    private static boolean forwarded(HttpServletRequest request) {
        return request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null;
    }

    private void status(HttpServletResponse response) throws IOException {
        String text = "#S7Z OK\n"
                + "cache.entries=" + cache.entries() + "\n"
                + "cache.size=" + cache.size() + "\n"
                + "cache.maxEntries=" + cache.maxEntries() + "\n"
                + "cache.maxSize=" + cache.maxSize() + "\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/plain; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String title,
                               String message) throws IOException {
        AccessLogFields.error(request, status, message);
        ErrorResponse.send(response, status, title, message);
    }
}
