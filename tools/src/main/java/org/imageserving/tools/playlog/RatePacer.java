package org.imageserving.tools.playlog;

import java.util.function.LongSupplier;

/**
 * Spaces requests at least 1/rate seconds apart. Time is injected (a nanosecond clock and a way to sleep), so the
 * pacing is tested without waiting. An idle pause earns no credit: after it, requests are spaced again at once rather
 * than sent in a burst.
 */
final class RatePacer {
    /** Sleeps for a number of nanoseconds. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    static final Sleeper THREAD_SLEEP = nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));

    private final long interval;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long nextSlot;
    private boolean started;

    RatePacer(double perSecond, LongSupplier clock, Sleeper sleeper) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be above 0");
        }
        this.interval = (long) (1_000_000_000L / perSecond);
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Returns when the next request may go. */
    void awaitSlot() throws InterruptedException {
        long now = clock.getAsLong();
        if (!started || nextSlot <= now) {
            started = true;
            nextSlot = now;
        } else {
            sleeper.sleep(nextSlot - now);
        }
        nextSlot += interval;
    }
}
