package org.imageserving.supervisor.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The supervisor's only source of time. Start delays, back-off, probe intervals and stop timeouts all go through it,
 * so tests replace it with a clock that jumps instead of sleeping.
 */
public interface Ticker {
    Instant now();

    void sleep(Duration duration) throws InterruptedException;

    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
