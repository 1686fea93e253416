package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetirementTest {
    @TempDir
    Path folder;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    private Path file(String name) throws Exception {
        return Files.write(folder.resolve(name), new byte[] {1});
    }

    @Test
    void aRetiredFileIsDeletedOnlyOnceItsDelayHasPassed() throws Exception {
        Retirement retirement = new Retirement(Duration.ofSeconds(5), scheduler);
        Path file = file("a.entry");
        retirement.retire(file);
        clock.advance(Duration.ofMillis(4999));
        assertThat(scheduler.runDue()).isZero();
        assertThat(file).as("a hit may still be sending it").exists();
        assertThat(retirement.pending()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(file).doesNotExist();
        assertThat(retirement.pending()).isZero();
    }

    @Test
    void eachFileWaitsItsOwnDelay() throws Exception {
        Retirement retirement = new Retirement(Duration.ofSeconds(5), scheduler);
        Path first = file("first.entry");
        retirement.retire(first);
        clock.advance(Duration.ofSeconds(3));
        Path second = file("second.entry");
        retirement.retire(second);
        clock.advance(Duration.ofSeconds(2));
        scheduler.runDue();
        assertThat(first).doesNotExist();
        assertThat(second).exists();
        clock.advance(Duration.ofSeconds(3));
        scheduler.runDue();
        assertThat(second).doesNotExist();
    }

    @Test
    void withoutDelayAFileIsDeletedAtOnce() throws Exception {
        Retirement retirement = new Retirement(Duration.ZERO, scheduler);
        Path file = file("a.entry");
        retirement.retire(file);
        assertThat(file).doesNotExist();
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void closingDeletesWhatIsWaitingAndLaterFilesAtOnce() throws Exception {
        Retirement retirement = new Retirement(Duration.ofSeconds(5), scheduler);
        Path waiting = file("waiting.entry");
        retirement.retire(waiting);
        retirement.close();
        assertThat(waiting).doesNotExist();
        assertThat(retirement.pending()).isZero();
        Path late = file("late.entry");
        retirement.retire(late);
        assertThat(late).as("nothing can be sending it after shutdown").doesNotExist();
    }

    @Test
    void aFileAlreadyGoneIsNoError() throws Exception {
        Retirement retirement = new Retirement(Duration.ofSeconds(5), scheduler);
        Path file = file("a.entry");
        retirement.retire(file);
        Files.delete(file);
        clock.advance(Duration.ofSeconds(5));
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(retirement.pending()).isZero();
    }
}
