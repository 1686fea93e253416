package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.Test;

/** PS::isConnection.maxRequests: requests beyond it get a 503 instead of another thread waiting on the Image Server. */
class ImageServerSlotsTest {
    @Test
    void whenEverySlotIsTakenTheNextRequestIsRefused503NamingTheSetting() throws Exception {
        ImageServerSlots slots = new ImageServerSlots(1, Duration.ZERO);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> slots.call(() -> {
            inside.countDown();
            try {
                leave.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "rendered";
        }));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(slots.inUse()).isEqualTo(1);
        assertThatThrownBy(() -> slots.call(() -> "never")).isInstanceOfSatisfying(RequestException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("PS::isConnection.maxRequests");
                });
        leave.countDown();
        assertThat(slow.get(30, TimeUnit.SECONDS)).isEqualTo("rendered");
        assertThat(slots.inUse()).isZero();
        assertThat(slots.call(() -> "next")).isEqualTo("next");
    }

    @Test
    void aFailedExchangeGivesItsSlotBack() {
        ImageServerSlots slots = new ImageServerSlots(1, Duration.ZERO);
        assertThatThrownBy(() -> slots.call(() -> {
            throw new IllegalStateException("broken");
        })).hasMessage("broken");
        assertThat(slots.inUse()).isZero();
    }
}
