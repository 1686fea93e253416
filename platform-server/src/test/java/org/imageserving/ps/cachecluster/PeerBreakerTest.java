package org.imageserving.ps.cachecluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PeerBreaker breaker = new PeerBreaker(now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aHealthyPeerIsAlwaysAsked() {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAsk()).isTrue();
            breaker.succeeded();
        }
        assertThat(breaker.skipping()).isFalse();
    }

    @Test
    void aFailedPeerIsSkippedForTheBackOffThenTriedByOneRequest() {
        assertThat(breaker.tryAsk()).isTrue();
        breaker.failed();
        assertThat(breaker.skipping()).isTrue();
        assertThat(breaker.tryAsk()).isFalse();
        advance(Duration.ofMillis(4_999));
        assertThat(breaker.tryAsk()).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(breaker.tryAsk()).as("the trial").isTrue();
        assertThat(breaker.tryAsk()).as("others wait for the trial's outcome").isFalse();
        breaker.succeeded();
        assertThat(breaker.tryAsk()).isTrue();
        assertThat(breaker.tryAsk()).isTrue();
    }

    @Test
    void eachFailureInARowDoublesTheBackOffUpToAMinute() {
        assertThat(PeerBreaker.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(PeerBreaker.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(PeerBreaker.backoff(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(PeerBreaker.backoff(5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(PeerBreaker.backoff(1000)).isEqualTo(Duration.ofSeconds(60));

        breaker.tryAsk();
        breaker.failed();
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAsk()).isTrue();
        breaker.failed(); // the trial failed too: 10 s now
        advance(Duration.ofSeconds(9));
        assertThat(breaker.tryAsk()).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAsk()).isTrue();
        breaker.succeeded();
        breaker.tryAsk();
        breaker.failed(); // a success in between: back to 5 s
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAsk()).isTrue();
    }

    @Test
    void aTrialGivenUpLetsTheNextRequestTry() {
        breaker.tryAsk();
        breaker.failed();
        advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAsk()).isTrue();
        breaker.givenUp();
        assertThat(breaker.tryAsk()).isTrue();
    }
}
