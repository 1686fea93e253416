package org.imageserving.is.render;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The IS::WorkerThreads render permits and the bounded queue in front of them. At most {@code maxWaiting} renders wait
 * for a permit, each for a bounded time: a burst beyond that is refused at once (the Platform Server answers 503 with
 * {@code Retry-After}) instead of piling up threads, memory and latency that no client waits for any more.
 *
 * <p>A render that waits on another component gives its permit back meanwhile ({@link #whileWaiting}): an SVG with
 * embedded images waits for the SVG server, which asks the Platform Server, which asks this Image Server for the
 * embedded image; holding the permit would starve that inner render (with one worker thread, every such SVG would
 * wait until it timed out). Taking the permit back afterwards is not bounded: that render was admitted already.
 */
public final class WorkerPermits {
    /** What became of a request for a permit. */
    public enum Admission { ADMITTED, QUEUE_FULL, TIMED_OUT }

    private static final ThreadLocal<WorkerPermits> HELD = new ThreadLocal<>();
    private final Semaphore permits;
    private final int workerThreads;
    private final int maxWaiting;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    /** Permits with a queue of any length (tests, and callers that bound waiting themselves). */
    public WorkerPermits(int workerThreads) {
        this(workerThreads, Integer.MAX_VALUE);
    }

    public WorkerPermits(int workerThreads, int maxWaiting) {
        this.permits = new Semaphore(workerThreads, true);
        this.workerThreads = workerThreads;
        this.maxWaiting = maxWaiting;
    }

    public int workerThreads() {
        return workerThreads;
    }

    public int maxWaiting() {
        return maxWaiting;
    }

    /** Permits in use: renders running (a render waiting on the SVG server has given its permit back). */
    public int running() {
        return Math.max(0, workerThreads - permits.availablePermits());
    }

    /** Renders waiting for a permit. */
    public int waiting() {
        return waiting.get();
    }

    /** Renders refused since the start, because the queue was full or they waited too long. */
    public long refused() {
        return refused.get();
    }

    /** Waits without bound: for callers that bound the wait themselves. */
    public void acquire() throws InterruptedException {
        permits.acquire();
        HELD.set(this);
    }

    /**
     * Takes a permit in arrival order, waiting at most {@code maxWaitNanos}; refused at once when {@code maxWaiting}
     * renders already wait. {@link #release} only after {@link Admission#ADMITTED}.
     */
    public Admission acquire(long maxWaitNanos) throws InterruptedException {
        // a zero wait that still honours the order of those already waiting (tryAcquire() would jump the queue)
        if (permits.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            HELD.set(this);
            return Admission.ADMITTED;
        }
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            refused.incrementAndGet();
            return Admission.QUEUE_FULL;
        }
        try {
            if (!permits.tryAcquire(Math.max(0, maxWaitNanos), TimeUnit.NANOSECONDS)) {
                refused.incrementAndGet();
                return Admission.TIMED_OUT;
            }
        } finally {
            waiting.decrementAndGet();
        }
        HELD.set(this);
        return Admission.ADMITTED;
    }

    public void release() {
        HELD.remove();
        permits.release();
    }

    /** Runs {@code call}, which only waits on another process, without holding this thread's render permit. */
    public static <T> T whileWaiting(Supplier<T> call) {
        WorkerPermits held = HELD.get();
        if (held == null) {
            return call.get();
        }
        held.permits.release();
        try {
            return call.get();
        } finally {
            held.permits.acquireUninterruptibly();
        }
    }
}
