package org.imageserving.ps.cachecluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether a peer is worth asking. A peer that failed (refused, timed out, sent a broken reply) is skipped for a
 * back-off of 5 s, doubled after each further failure in a row up to 60 s; when it is over, one request asks it again
 * (the others keep skipping it until that one knows) and a success ends the back-off. So a slow or dead peer costs a
 * request its timeout once, then nothing until the next trial.
 *
 * <p>Time comes from an injected nanosecond clock, so the back-off is tested without sleeping.
 */
public final class PeerBreaker {
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(5);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    private final LongSupplier nanoTime;
    private int failuresInARow;
    private long skipUntil;
    private boolean trialOut;

    public PeerBreaker(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * True when this request may ask the peer; after true, exactly one of {@link #succeeded}, {@link #failed},
     * {@link #givenUp} follows.
     */
    public synchronized boolean tryAsk() {
        if (failuresInARow == 0) {
            return true;
        }
        if (trialOut || nanoTime.getAsLong() - skipUntil < 0) {
            return false;
        }
        trialOut = true;
        return true;
    }

    /** The peer answered (it had the entry or it had not). */
    public synchronized void succeeded() {
        failuresInARow = 0;
        trialOut = false;
    }

    /** The question was given up before the peer answered (another had the entry first): nothing learnt. */
    public synchronized void givenUp() {
        trialOut = false;
    }

    public synchronized void failed() {
        failuresInARow++;
        trialOut = false;
        skipUntil = nanoTime.getAsLong() + backoff(failuresInARow).toNanos();
    }

    /** The back-off after {@code failures} failures in a row. */
    static Duration backoff(int failures) {
        int doublings = Math.min(failures - 1, 10);
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    /** Whether the peer is being skipped now. */
    public synchronized boolean skipping() {
        return failuresInARow > 0 && (trialOut || nanoTime.getAsLong() - skipUntil < 0);
    }
}
