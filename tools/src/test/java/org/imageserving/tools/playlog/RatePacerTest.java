package org.imageserving.tools.playlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pacing arithmetic, on a fake clock that advances only when the pacer sleeps. */
class RatePacerTest {
    long now = 5_000_000_000L;
    final List<Long> sleeps = new ArrayList<>();
    final RatePacer pacer = new RatePacer(5, () -> now, nanos -> {
        sleeps.add(nanos);
        now += nanos;
    });

    @Test
    void spacesRequestsOneIntervalApart() throws Exception {
        List<Long> sendTimes = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            pacer.awaitSlot();
            sendTimes.add(now);
        }

        assertThat(sendTimes.get(10) - sendTimes.get(0)).isEqualTo(2_000_000_000L);
        for (int i = 1; i < sendTimes.size(); i++) {
            assertThat(sendTimes.get(i) - sendTimes.get(i - 1)).isEqualTo(200_000_000L);
        }
    }

    @Test
    void slowRequestsAreNotDelayedAndAnIdlePauseAllowsNoBurst() throws Exception {
        pacer.awaitSlot();
        now += 1_000_000_000L; // the caller was busy for a second
        pacer.awaitSlot();
        assertThat(sleeps).as("no wait after a pause").isEmpty();

        pacer.awaitSlot();
        pacer.awaitSlot();
        assertThat(sleeps).containsExactly(200_000_000L, 200_000_000L);
    }
}
