package org.imageserving.ps.image;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.imageserving.ps.http.RequestLog;

/**
 * One request to {@code /is/image}, as the request processor needs it and nothing more: no servlet API, so the whole
 * protocol runs (and is tested) without Tomcat.
 *
 * @param method          GET or HEAD (a form POST arrives as a GET with the body as query)
 * @param requestUri      the path as the client sent it, still %-encoded (for redirect on error)
 * @param rawPath         the part after {@code /is/image/}, still %-encoded, without leading slashes
 * @param rawQuery        the query, still %-encoded; null when the request line had none
 * @param clientAddress   the client's IP address (address filters, rule sets)
 * @param headers         the request headers that matter, by lower-case name: {@code accept} (bfc),
 *                        {@code if-none-match}
 * @param ifModifiedSince the {@code If-Modified-Since} date in epoch milliseconds, -1 when absent or malformed
 * @param log             the access log fields the processing fills in
 */
public record ImageRequest(String method, String requestUri, String rawPath, String rawQuery, String clientAddress,
                           Map<String, String> headers, long ifModifiedSince, RequestLog log) {

    public ImageRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(log, "log");
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** {@code GET /is/image} without path or query: the liveness page. */
    boolean livenessProbe() {
        return rawPath.isEmpty() && (rawQuery == null || rawQuery.isEmpty());
    }
}
