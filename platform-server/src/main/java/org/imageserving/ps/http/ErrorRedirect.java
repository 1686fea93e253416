package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Redirect on error ({@code PS::errorRedirect.*}): a request whose source cannot be read here (an image in a catalog
 * but missing on disk, a source the Image Server finds corrupt, static content missing on disk) is forwarded to a
 * secondary server and its reply, success or failure, relayed as it is. When the secondary server cannot be reached,
 * the client gets the plain error. Disabled while {@code rootUrl} is empty.
 */
public final class ErrorRedirect {
    /** The reply headers relayed from the secondary server. */
    private static final List<String> RELAYED = List.of("Content-Type", "Cache-Control", "Expires", "ETag",
            "Last-Modified", "Retry-After");
    private final URI root;
    private final Duration socketTimeout;
    private final HttpClient client;

    private ErrorRedirect(URI root, Duration connectTimeout, Duration socketTimeout) {
        this.root = root;
        this.socketTimeout = socketTimeout;
        this.client = root == null ? null : HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static ErrorRedirect of(String rootUrl, Duration connectTimeout, Duration socketTimeout) {
        String url = rootUrl == null ? "" : rootUrl.strip();
        if (url.isEmpty()) {
            return new ErrorRedirect(null, connectTimeout, socketTimeout);
        }
        return new ErrorRedirect(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                connectTimeout, socketTimeout);
    }

    public boolean enabled() {
        return root != null;
    }

    /** The secondary server's reply for the same request, or empty when it cannot be reached. */
    public Optional<HttpResponse<byte[]>> forward(String method, String pathAndQuery) {
        if (root == null || pathAndQuery.contains("|")) {
            return Optional.empty(); // '|' in paths is documented as not supported for redirection
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(root + pathAndQuery)).timeout(socketTimeout)
                    .method(method.equals("HEAD") ? "HEAD" : "GET", HttpRequest.BodyPublishers.noBody()).build();
            return Optional.of(client.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Forwards the request and ends it: always throws {@link RedirectedException}, with the secondary server's reply or,
     * when it did not answer, with {@code failure} followed by that fact.
     */
    public RedirectedException redirect(String method, String requestUri, String query, String failure) {
        Optional<HttpResponse<byte[]>> reply = forward(method, requestUri + (query == null ? "" : "?" + query));
        throw reply.map(RedirectedException::new).orElseGet(() ->
                RedirectedException.unreachable(failure + " (the error-redirect server did not answer)"));
    }

    public static void relay(HttpResponse<byte[]> reply, HttpServletResponse response) throws IOException {
        response.resetBuffer();
        response.setStatus(reply.statusCode());
        for (String name : RELAYED) {
            reply.headers().firstValue(name).ifPresent(value -> response.setHeader(name, value));
        }
        response.setContentLength(reply.body().length);
        response.getOutputStream().write(reply.body());
    }
}
