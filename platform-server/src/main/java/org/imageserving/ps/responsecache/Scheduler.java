package org.imageserving.ps.responsecache;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks later. The cache's parts get one passed in, so that their tests can run what is due by hand instead of
 * waiting.
 */
interface Scheduler extends AutoCloseable {
    /** @throws RejectedExecutionException once closed */
    void schedule(Duration delay, Runnable task);

    /** Drops the tasks not yet run. */
    @Override
    void close();

    /** A scheduler with one daemon thread: nothing it has pending keeps the JVM from exiting. */
    static Scheduler daemonThread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        return new Scheduler() {
            @Override
            public void schedule(Duration delay, Runnable task) {
                executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
