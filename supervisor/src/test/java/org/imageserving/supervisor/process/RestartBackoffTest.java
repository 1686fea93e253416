package org.imageserving.supervisor.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.imageserving.supervisor.time.FakeTicker;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private final FakeTicker clock = new FakeTicker(Duration.ZERO);

    @Test
    void firstCrashesInTheWindowWaitOnlyTheStartDelay() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(5));
        for (int i = 0; i < RestartBackoff.FREE_RESTARTS; i++) {
            assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofSeconds(5));
            clock.advance(Duration.ofSeconds(10));
        }
    }

    @Test
    void furtherCrashesDoubleTheDelayUpToFiveMinutes() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(5));
        for (int i = 0; i < RestartBackoff.FREE_RESTARTS; i++) {
            backoff.onCrash(clock.now());
        }
        assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofSeconds(160));
        assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofMinutes(5));
        for (int i = 0; i < 50; i++) {
            assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofMinutes(5));
        }
    }

    @Test
    void crashesOlderThanTenMinutesAreForgotten() {
        RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(2));
        for (int i = 0; i < 8; i++) {
            backoff.onCrash(clock.now());
        }
        assertThat(backoff.crashesInWindow()).isEqualTo(8);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        assertThat(backoff.onCrash(clock.now())).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.crashesInWindow()).isEqualTo(1);
    }

    @Test
    void aZeroStartDelayStillBacksOffFromOneSecond() {
        RestartBackoff backoff = new RestartBackoff(Duration.ZERO);
        Instant now = clock.now();
        for (int i = 0; i < RestartBackoff.FREE_RESTARTS; i++) {
            assertThat(backoff.onCrash(now)).isZero();
        }
        assertThat(backoff.onCrash(now)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.onCrash(now)).isEqualTo(Duration.ofSeconds(4));
    }
}
