package org.imageserving.is.render;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The IS::WorkerThreads render permits. A render that waits on another component gives its permit back meanwhile
 * ({@link #whileWaiting}): an SVG with embedded images waits for the SVG server, which asks the Platform Server, which
 * asks this Image Server for the embedded image; holding the permit would starve that inner render (with one worker
 * thread, every such SVG would wait until it timed out).
 */
public final class WorkerPermits {
    private static final ThreadLocal<WorkerPermits> HELD = new ThreadLocal<>();
    private final Semaphore permits;
    private final int workerThreads;

    public WorkerPermits(int workerThreads) {
        this.permits = new Semaphore(workerThreads, true);
        this.workerThreads = workerThreads;
    }

    /** Permits in use: renders running (a render waiting on the SVG server has given its permit back). */
    public int running() {
        return Math.max(0, workerThreads - permits.availablePermits());
    }

    /** Renders waiting for a permit (an estimate, as {@link Semaphore#getQueueLength} says). */
    public int waiting() {
        return permits.getQueueLength();
    }

    public void acquire() throws InterruptedException {
        permits.acquire();
        HELD.set(this);
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
