package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded queue in front of the render permits: who runs, who waits, who is refused at once. */
class WorkerPermitsTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);

    @Test
    void aFreePermitIsTakenAtOnceAndGivenBack() throws Exception {
        WorkerPermits permits = new WorkerPermits(2, 0);
        assertThat(permits.acquire(0)).isEqualTo(WorkerPermits.Admission.ADMITTED);
        assertThat(permits.acquire(0)).isEqualTo(WorkerPermits.Admission.ADMITTED);
        assertThat(permits.running()).isEqualTo(2);
        permits.release();
        permits.release();
        assertThat(permits.running()).isZero();
        assertThat(permits.refused()).isZero();
    }

    @Test
    void beyondTheQueueARenderIsRefusedAtOnceAndAWaitingOneGetsTheNextPermit() throws Exception {
        WorkerPermits permits = new WorkerPermits(1, 1);
        assertThat(permits.acquire(LONG)).isEqualTo(WorkerPermits.Admission.ADMITTED);
        CompletableFuture<WorkerPermits.Admission> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                WorkerPermits.Admission admission = permits.acquire(LONG);
                permits.release();
                return admission;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (permits.waiting() < 1) {
            Thread.onSpinWait();
        }
        // the queue (one place) is full: refused without waiting, however long it could have waited
        assertThat(permits.acquire(LONG)).isEqualTo(WorkerPermits.Admission.QUEUE_FULL);
        assertThat(permits.refused()).isEqualTo(1);
        permits.release();
        assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo(WorkerPermits.Admission.ADMITTED);
        assertThat(permits.waiting()).isZero();
        assertThat(permits.running()).isZero();
    }

    @Test
    void aRenderThatWaitedItsTimeIsRefusedAndLeavesTheQueue() throws Exception {
        WorkerPermits permits = new WorkerPermits(1, 4);
        assertThat(permits.acquire(0)).isEqualTo(WorkerPermits.Admission.ADMITTED);
        assertThat(permits.acquire(TimeUnit.MILLISECONDS.toNanos(1))).isEqualTo(WorkerPermits.Admission.TIMED_OUT);
        assertThat(permits.acquire(-5)).as("a deadline already past").isEqualTo(WorkerPermits.Admission.TIMED_OUT);
        assertThat(permits.waiting()).isZero();
        assertThat(permits.refused()).isEqualTo(2);
        assertThat(permits.running()).isEqualTo(1);
    }

    @Test
    void noQueueAtAllRefusesAsSoonAsEveryWorkerIsBusy() throws Exception {
        WorkerPermits permits = new WorkerPermits(1, 0);
        assertThat(permits.acquire(LONG)).isEqualTo(WorkerPermits.Admission.ADMITTED);
        assertThat(permits.acquire(LONG)).isEqualTo(WorkerPermits.Admission.QUEUE_FULL);
    }
}
