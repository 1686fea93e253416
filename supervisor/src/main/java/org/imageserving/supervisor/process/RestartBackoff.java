package org.imageserving.supervisor.process;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How long to wait before restarting a component that died. The first {@value #FREE_RESTARTS} crashes within
 * {@link #WINDOW} wait only {@code startDelay}; every further crash in the window doubles the wait, up to
 * {@link #MAX_DELAY}. A component that keeps crashing is retried for ever, never given up on silently, but it cannot
 * spin the machine. Crashes older than the window are forgotten, so a stable component starts afresh.
 */
public final class RestartBackoff {
    static final int FREE_RESTARTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration MAX_DELAY = Duration.ofMinutes(5);
    /** Doubling from zero would never grow: a component with startDelay 0 backs off from one second. */
    private static final Duration MIN_BASE = Duration.ofSeconds(1);
    private final Deque<Instant> crashes = new ArrayDeque<>();
    private final Duration startDelay;

    public RestartBackoff(Duration startDelay) {
        this.startDelay = startDelay;
    }

    /** Records a crash at {@code now} and returns how long to wait before the next start. */
    public synchronized Duration onCrash(Instant now) {
        crashes.addLast(now);
        while (!crashes.isEmpty() && crashes.peekFirst().isBefore(now.minus(WINDOW))) {
            crashes.removeFirst();
        }
        int recent = crashes.size();
        if (recent <= FREE_RESTARTS) {
            return startDelay;
        }
        Duration base = startDelay.compareTo(MIN_BASE) < 0 ? MIN_BASE : startDelay;
        int doublings = Math.min(recent - FREE_RESTARTS, 20);
        Duration delay = base.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    public synchronized int crashesInWindow() {
        return crashes.size();
    }
}
