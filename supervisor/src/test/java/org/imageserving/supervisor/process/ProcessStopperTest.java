package org.imageserving.supervisor.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imageserving.supervisor.time.FakeTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real processes, injected time: a 60 s stop timeout passes without waiting 60 s. */
class ProcessStopperTest {
    private Process process;

    @AfterEach
    void cleanUp() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void aProcessThatHonoursSigtermStopsGracefully() throws Exception {
        process = new ProcessBuilder("sleep", "60").start();
        FakeTicker clock = new FakeTicker(Duration.ofMillis(5));

        boolean graceful = new ProcessStopper(clock).stop("test", process.toHandle(), Duration.ofSeconds(60));

        assertThat(graceful).isTrue();
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 15);
        assertThat(clock.totalSlept()).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aProcessIgnoringSigtermIsKilledWithItsGroupOnceTheTimeoutHasPassed() throws Exception {
        // setsid makes bash the leader of a new process group; its child sleep is in that group.
        process = new ProcessBuilder("setsid", "bash", "-c", "trap '' TERM; sleep 300 & wait").start();
        List<ProcessHandle> children = awaitChildren(process);
        FakeTicker clock = new FakeTicker(Duration.ofMillis(1));

        boolean graceful = new ProcessStopper(clock).stop("test", process.toHandle(), Duration.ofSeconds(60));

        assertThat(graceful).isFalse();
        assertThat(clock.totalSlept()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(128 + 9);
        for (ProcessHandle child : children) {
            child.onExit().get(5, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("child %d of the killed group", child.pid()).isFalse();
        }
    }

    @Test
    void stoppingAnEndedProcessIsANoOp() throws Exception {
        process = new ProcessBuilder("true").start();
        process.waitFor();
        FakeTicker clock = new FakeTicker(Duration.ZERO);

        assertThat(new ProcessStopper(clock).stop("test", process.toHandle(), Duration.ofSeconds(60))).isTrue();
        assertThat(clock.totalSlept()).isZero();
    }

    private static List<ProcessHandle> awaitChildren(Process parent) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            List<ProcessHandle> children = parent.descendants().toList();
            if (!children.isEmpty()) {
                Thread.sleep(50); // let bash install its trap before the test signals it
                return children;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the test process started no child");
    }
}
