package org.imageserving.supervisor.process;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.imageserving.supervisor.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a component: SIGTERM so it can close its sockets and finish what it is doing, then, once {@code stopTimeout}
 * has passed, SIGKILL of its whole process group (each component runs as the leader of its own group), so nothing it
 * started survives it.
 */
public final class ProcessStopper {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessStopper.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private final Ticker ticker;

    public ProcessStopper(Ticker ticker) {
        this.ticker = ticker;
    }

    /** @return true if the process ended by itself within the timeout, false if it had to be killed */
    public boolean stop(String id, ProcessHandle process, Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        process.destroy();
        Instant deadline = ticker.now().plus(timeout);
        while (process.isAlive() && ticker.now().isBefore(deadline)) {
            ticker.sleep(POLL);
        }
        if (!process.isAlive()) {
            return true;
        }
        LOG.warn("{} (pid {}) did not stop within {} s; killing its process group", id, process.pid(), timeout.toSeconds());
        kill(process);
        return false;
    }

    /** SIGKILL of the process group and of every descendant; waits (in real time) until the kernel reaped the leader. */
    public static void kill(ProcessHandle process) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1) here: the direct kills below still end the process and its children
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.error("pid {} survived SIGKILL for 10 s", process.pid());
        }
    }
}
