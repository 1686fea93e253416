package org.imageserving.ps.connector;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.ps.http.RequestSizeValve;

/**
 * The settings the Platform Server gives every connector before {@code server.xml} is applied: a value in the file
 * replaces the one here, except for the two the protocol itself depends on ({@link #URI_ENCODING},
 * {@link #RELAXED_QUERY_CHARS}).
 */
final class ConnectorDefaults {
    /**
     * The protocol documents %xx as ISO-Latin code points, modern clients send UTF-8: the servlets decode each path
     * element themselves (UTF-8 when valid, else ISO-8859-1), so Tomcat must not refuse non-UTF-8 escapes.
     */
    static final String URI_ENCODING = "ISO-8859-1";
    /** Nested requests and foreign URLs are delimited by braces, which the protocol sends unencoded. */
    static final String RELAXED_QUERY_CHARS = "{}|";

    /** IIIF sizes start with ^ for upscaling (^max, ^w,h), which browsers send unencoded in the path. */
    static final String RELAXED_PATH_CHARS = "^";

    private ConnectorDefaults() {}

    static Map<String, String> values() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("server", "ImageServing");
        // Tomcat closes a keep-alive connection after 100 requests; a CDN or browser reusing it pays a new handshake
        // for every 100 images. nginx's default is 1000.
        defaults.put("maxKeepAliveRequests", "1000");
        // A reply goes to the socket through this buffer. At Tomcat's 8 KB a 30 KB thumbnail took four copies and
        // four writes: cache hits ran at 0.46x of nginx, at 32 KB 0.88x (64 KB measured the same). Every open
        // connection holds one (Tomcat allocates them on accept), so the connection limit goes from Tomcat's 8192 to
        // 4096: 4096 x (8 KB read + 32 KB write) = 160 MB of heap at most, about what 8192 x 16 KB was before.
        defaults.put("socket.appWriteBufSize", "32768");
        defaults.put("maxConnections", "4096");
        // Room for a 16 KB URL (nested requests are long) plus 8 KB of header fields; RequestSizeValve answers 414 or
        // 431 within it, Tomcat 400 beyond. The buffer belongs to a request being read or served, not to an idle
        // keep-alive connection, but a slowloris client holds one per connection: 4096 x 24 KB = 96 MB at most.
        defaults.put("maxHttpHeaderSize", Integer.toString(RequestSizeValve.DEFAULT_MAX_HTTP_HEADER_SIZE));
        // Tomcat's shipped server.xml says 20 s (the embedded default is 60 s): how long a connection may stay silent
        // while its request is read or its reply written, and an idle keep-alive connection stays open.
        defaults.put("connectionTimeout", "20000");
        // %2F inside a path element is data (elements are decoded one by one), not a reason to refuse the request
        defaults.put("encodedSolidusHandling", "passthrough");
        defaults.put("URIEncoding", URI_ENCODING);
        defaults.put("relaxedQueryChars", RELAXED_QUERY_CHARS);
        defaults.put("relaxedPathChars", RELAXED_PATH_CHARS);
        return defaults;
    }
}
