package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.imageserving.ps.caching.HttpCaching;

/**
 * One client request to {@code /is/image} or {@code /is/content}, as the request processors need it and nothing more:
 * no servlet API, so the whole protocol runs (and is tested) without Tomcat. {@link #from} makes one of a servlet
 * request.
 *
 * @param method          GET or HEAD (a form POST arrives as a GET with the body as query)
 * @param requestUri      the path as the client sent it, still %-encoded (for redirect on error)
 * @param rawPath         the part after {@code /is/image/} or {@code /is/content/}, still %-encoded, without leading
 *                        slashes
 * @param rawQuery        the query, still %-encoded; null when the request line had none
 * @param clientAddress   the client's IP address (address filters, rule sets)
 * @param headers         the request headers that matter, by lower-case name: {@code accept} (bfc),
 *                        {@code if-none-match}, {@code range}, {@code if-range}
 * @param ifModifiedSince the {@code If-Modified-Since} date in epoch milliseconds, -1 when absent or malformed
 * @param log             the access log fields the processing fills in
 */
public record ClientRequest(String method, String requestUri, String rawPath, String rawQuery, String clientAddress,
                           Map<String, String> headers, long ifModifiedSince, RequestLog log) {

    public ClientRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(log, "log");
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The request headers the protocol reads: {@code Accept} for bfc, {@code If-None-Match} for 304s, {@code Range}
     * and {@code If-Range} for static content.
     */
    private static final List<String> HEADERS = List.of("accept", "if-none-match", "range", "if-range");

    /**
     * The client request a servlet request stands for, with {@code query} as its query (a form POST's body), HEAD
     * kept and every other method read as GET.
     */
    public static ClientRequest from(HttpServletRequest request, String query) {
        String uri = request.getRequestURI();
        String prefix = request.getContextPath() + request.getServletPath();
        String path = uri.length() > prefix.length() ? uri.substring(prefix.length()) : "";
        return of(request.getMethod(), uri, path, query, request.getRemoteAddr(), request::getHeader);
    }

    /**
     * The client request of a request line and headers as Tomcat parsed them: {@code path} is the request URI after
     * the servlet's prefix (leading slashes are dropped), {@code header} reads a request header by name. Both the
     * servlets and the direct hit path ({@code ps.hits}) make their requests here, so they cannot differ.
     */
    public static ClientRequest of(String method, String uri, String path, String query, String clientAddress,
                                   UnaryOperator<String> header) {
        Map<String, String> headers = new HashMap<>();
        for (String name : HEADERS) {
            String value = header.apply(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        return new ClientRequest(method.equals("HEAD") ? "HEAD" : "GET", uri, path, query, clientAddress, headers,
                HttpCaching.ifModifiedSince(header.apply("If-Modified-Since")), new RequestLog());
    }
}
