package org.imageserving.ps.responsecache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Deletes entry files that left the index (replaced or evicted) only after a delay: a hit that found the entry just
 * before may still be about to open the file, and Tomcat keeps it open while sending.
 */
final class Retirement implements AutoCloseable {
    /** Long enough for a hit that found the entry to open its file. */
    static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

    private final Duration delay;
    private final Scheduler scheduler;
    private final Set<Path> pending = ConcurrentHashMap.newKeySet();

    Retirement(Duration delay, Scheduler scheduler) {
        this.delay = delay;
        this.scheduler = scheduler;
    }

    void retire(Path file) {
        if (delay.isZero()) {
            CacheFiles.deleteQuietly(file);
            return;
        }
        pending.add(file);
        try {
            scheduler.schedule(delay, () -> {
                if (pending.remove(file)) {
                    CacheFiles.deleteQuietly(file);
                }
            });
        } catch (RejectedExecutionException e) { // closed: nothing will send it any more
            pending.remove(file);
            CacheFiles.deleteQuietly(file);
        }
    }

    /** Files waiting for their delay. */
    int pending() {
        return pending.size();
    }

    /** Deletes what is still waiting at once: after shutdown no hit is sending anything. */
    @Override
    public void close() {
        scheduler.close();
        for (Path file : pending) {
            if (pending.remove(file)) {
                CacheFiles.deleteQuietly(file);
            }
        }
    }
}
