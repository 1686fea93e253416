package org.imageserving.ps.cachecluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.imageserving.ps.responsecache.EntryTransfer;

/**
 * One question to one peer: {@code GET /is/cache/<key>} for the entry file. Its {@link #answer} completes when the
 * reply's status arrives (the query), its {@link #body} then collects the entry (the fetch).
 */
final class PeerAsk {
    /** Sent with every question, so the peer's access log tells cluster traffic from clients'. */
    static final String USER_AGENT = "ImageServing-cache-cluster";

    final ClusterHosts.Peer peer;
    final CompletableFuture<Integer> answer = new CompletableFuture<>();
    private final AtomicReference<EntryBody> body = new AtomicReference<>();
    private final CompletableFuture<HttpResponse<byte[]>> exchange;

    PeerAsk(HttpClient http, ClusterHosts.Peer peer, String hash, long createdAfterMillis, long maxEntryBytes,
            Duration backstop) {
        this.peer = peer;
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + peer.authority() + "/is/cache/" + hash
                        + "?createdAfter=" + createdAfterMillis))
                .header("Accept", EntryTransfer.MEDIA_TYPE).header("User-Agent", USER_AGENT)
                .timeout(backstop).GET().build();
        exchange = http.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                answer.complete(info.statusCode());
                return HttpResponse.BodySubscribers.replacing(null);
            }
            long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (length < 0 || length > maxEntryBytes) {
                answer.completeExceptionally(new IOException("a peer's entry needs a Content-Length of at most "
                        + maxEntryBytes + " bytes, it sent " + length));
                return HttpResponse.BodySubscribers.replacing(null);
            }
            EntryBody entry = new EntryBody((int) length);
            body.set(entry);
            answer.complete(200);
            return entry;
        });
        exchange.whenComplete((response, error) -> {
            if (error != null) {
                answer.completeExceptionally(error);
            }
        });
    }

    /** The entry file's bytes; call only after {@link #answer} completed with 200. */
    CompletableFuture<byte[]> body() {
        return body.get().result();
    }

    /** Gives the question up: the connection is closed whatever state it is in. */
    void abandon() {
        EntryBody entry = body.get();
        if (entry != null) {
            entry.abandon();
        }
        exchange.cancel(true);
        answer.cancel(true);
    }
}
