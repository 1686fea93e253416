package org.imageserving.supervisor.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that jumps forward by the requested amount whenever someone sleeps, so timeouts pass in no real time. */
public final class FakeTicker implements Ticker {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private volatile Duration slept = Duration.ZERO;
    private final Duration realPause;

    /** @param realPause how long to really pause per sleep, so that a real process under test gets a chance to run */
    public FakeTicker(Duration realPause) {
        this.realPause = realPause;
    }

    @Override
    public Instant now() {
        return now.get();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        now.updateAndGet(t -> t.plus(duration));
        slept = slept.plus(duration);
        if (!realPause.isZero()) {
            Thread.sleep(realPause.toMillis());
        }
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    public Duration totalSlept() {
        return slept;
    }
}
