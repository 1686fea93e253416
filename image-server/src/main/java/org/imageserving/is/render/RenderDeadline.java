package org.imageserving.is.render;

import java.util.function.LongSupplier;

/**
 * When the render on this thread must give up: {@code IS::RenderTimeout} after its frame arrived, or earlier when the
 * Platform Server said it stops waiting then. Java cannot stop a thread from outside, so a render checks
 * ({@link #check}) where it passes from one piece of work to the next: each source read, each layer, each filter,
 * before encoding. A render past its deadline ends there with a 503 and frees its worker thread for requests someone
 * still waits for; one piece of work is bounded by the pixel limits.
 */
public final class RenderDeadline {
    private static final ThreadLocal<RenderDeadline> CURRENT = new ThreadLocal<>();
    private final long deadlineNanos;
    private final String why;
    private final LongSupplier nanoTime;

    RenderDeadline(long deadlineNanos, String why, LongSupplier nanoTime) {
        this.deadlineNanos = deadlineNanos;
        this.why = why;
        this.nanoTime = nanoTime;
    }

    /** Makes {@code deadline} the one {@link #check} holds this thread's render to, until {@link #end}. */
    static void begin(RenderDeadline deadline) {
        CURRENT.set(deadline);
    }

    static void end() {
        CURRENT.remove();
    }

    /** Ends the render on this thread with a 503 when its deadline has passed; nothing when none is set. */
    public static void check() {
        RenderDeadline deadline = CURRENT.get();
        if (deadline != null && deadline.nanoTime.getAsLong() - deadline.deadlineNanos > 0) {
            throw RenderException.overloaded("the render was stopped: " + deadline.why);
        }
    }

    long remainingNanos() {
        return deadlineNanos - nanoTime.getAsLong();
    }
}
