package org.imageserving.ps.responsecache;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/** Runs scheduled tasks only when a test calls {@link #runDue()}, and only those whose time on the clock has come. */
final class ManualScheduler implements Scheduler {
    private record Task(Instant due, Runnable task) {}

    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private boolean closed;

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("closed");
        }
        tasks.add(new Task(clock.instant().plus(delay), task));
    }

    /** Runs the tasks that are due; returns how many ran. */
    int runDue() {
        List<Runnable> due = new ArrayList<>();
        for (Iterator<Task> it = tasks.iterator(); it.hasNext(); ) {
            Task t = it.next();
            if (!t.due().isAfter(clock.instant())) {
                due.add(t.task());
                it.remove();
            }
        }
        due.forEach(Runnable::run);
        return due.size();
    }

    int waiting() {
        return tasks.size();
    }

    @Override
    public void close() {
        closed = true;
        tasks.clear();
    }
}
