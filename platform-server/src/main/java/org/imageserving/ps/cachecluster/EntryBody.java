package org.imageserving.ps.cachecluster;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a peer's 200 reply, collected into exactly {@code Content-Length} bytes. A reply longer than announced,
 * or than the limit, fails; {@link #abandon} cancels the subscription, which closes the connection, so a peer that
 * stalls mid-body holds nothing of ours after its fetch timeout.
 */
final class EntryBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final byte[] bytes;
    private int filled;
    private volatile Flow.Subscription subscription;
    private volatile boolean abandoned;

    EntryBody(int length) {
        this.bytes = new byte[length];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    CompletableFuture<byte[]> result() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (abandoned) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.remaining() > bytes.length - filled) {
                fail(new IOException("the peer sent more than its Content-Length of " + bytes.length));
                return;
            }
            int n = buffer.remaining();
            buffer.get(bytes, filled, n);
            filled += n;
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (filled == bytes.length) {
            result.complete(bytes);
        } else {
            result.completeExceptionally(new IOException("the peer's reply ended after " + filled + " of "
                    + bytes.length + " bytes"));
        }
    }

    /** Stops reading: the connection is closed and the result fails. */
    void abandon() {
        fail(new IOException("abandoned"));
    }

    private void fail(IOException reason) {
        abandoned = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        result.completeExceptionally(reason);
    }
}
