package org.imageserving.ps.image;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.imageserving.ps.http.RequestException;

/**
 * {@code PS::isConnection.maxRequests}: how many requests ps has at the Image Server at once. A request that finds
 * them all taken waits at most {@code PS::isConnection.connectTimeout} for one, then is answered 503 with
 * {@code Retry-After}. When the Image Server is slow or stopped, this keeps the Platform Server's own threads from all
 * waiting on it: the rest go on serving cache hits, static content, catalog properties and health probes.
 */
public final class ImageServerSlots {
    private final Semaphore slots;
    private final int max;
    private final Duration maxWait;

    public ImageServerSlots(int max, Duration maxWait) {
        this.slots = new Semaphore(max);
        this.max = max;
        this.maxWait = maxWait;
    }

    /** As many slots as anyone could use: for tests and tools that talk to an Image Server of their own. */
    public static ImageServerSlots unbounded() {
        return new ImageServerSlots(Integer.MAX_VALUE, Duration.ZERO);
    }

    /** Requests at the Image Server now. */
    public int inUse() {
        return max - slots.availablePermits();
    }

    public int max() {
        return max;
    }

    public Duration maxWait() {
        return maxWait;
    }

    /** Runs {@code exchange} in a slot, or refuses with a 503 when none frees up within the wait. */
    public <T> T call(Supplier<T> exchange) {
        boolean taken;
        try {
            taken = slots.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestException(503, "interrupted while waiting for the Image Server");
        }
        if (!taken) {
            throw new RequestException(503, "the Image Server is busy: the " + max + " requests of"
                    + " PS::isConnection.maxRequests are all waiting for it, and none finished within "
                    + maxWait.toMillis() + " ms (PS::isConnection.connectTimeout); try again shortly");
        }
        try {
            return exchange.get();
        } finally {
            slots.release();
        }
    }
}
