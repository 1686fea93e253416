package org.imageserving.supervisor.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.imageserving.common.config.SupervisorRegistry.HealthProbeSettings;
import org.imageserving.common.config.SupervisorRegistry.ServerEntry;
import org.imageserving.common.health.HealthReport;
import org.imageserving.supervisor.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component under supervision, kept alive by its own keeper thread: launch, wait until the health probe answers,
 * probe every interval, and on an unexpected exit or a hang log the cause and launch again after the back-off.
 * A component that never became ready the first time fails the start instead of looping.
 */
public final class SupervisedComponent {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedComponent.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration READY_PROBE_TIMEOUT = Duration.ofSeconds(1);
    /** How every component logs a configuration it refuses (then exits with status 2). */
    private static final String CONFIGURATION_ERROR = "configuration error: ";

    private final ServerEntry entry;
    private final ComponentLauncher launcher;
    private final HealthProbe probe;
    private final HealthProbeSettings health;
    private final Duration readyTimeout;
    private final Ticker ticker;
    private final Consumer<String> output;
    private final RestartBackoff backoff;
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicInteger launches = new AtomicInteger();

    private volatile ComponentState state = ComponentState.STOPPED;
    private volatile Process process;
    private volatile Thread pump;
    /** The component's own words on why it cannot run, so that {@code start} can show them, not only the log. */
    private volatile String configurationError;
    private volatile Instant startedAt;
    private volatile HealthReport lastReport;
    private volatile boolean stopRequested;
    private volatile boolean restartRequested;
    private volatile boolean everReady;
    private Thread keeper;

    public SupervisedComponent(ServerEntry entry, ComponentLauncher launcher, HealthProbe probe,
                               HealthProbeSettings health, Duration readyTimeout, Ticker ticker,
                               Consumer<String> output) {
        this.entry = entry;
        this.launcher = launcher;
        this.probe = probe;
        this.health = health;
        this.readyTimeout = readyTimeout;
        this.ticker = ticker;
        this.output = output;
        this.backoff = new RestartBackoff(entry.startDelay());
    }

    public String id() {
        return entry.id();
    }

    public ServerEntry entry() {
        return entry;
    }

    /** Starts the keeper thread; the future completes when the component first answers its probe, or fails. */
    public synchronized CompletableFuture<Void> start() {
        if (keeper == null) {
            keeper = new Thread(this::keep, "keeper-" + id());
            keeper.start();
        }
        return firstReady;
    }

    private void keep() {
        while (!stopRequested) {
            Process launched;
            try {
                state = everReady ? ComponentState.RESTARTING : ComponentState.STARTING;
                launched = launch();
            } catch (IOException e) {
                if (failedFirstStart("cannot launch: " + e.getMessage())) {
                    return;
                }
                waitBeforeRestart("could not be launched: " + e.getMessage());
                continue;
            }
            Outcome outcome = watch(launched);
            switch (outcome) {
                case STOP_REQUESTED -> {
                    return;
                }
                case RESTART_REQUESTED -> {
                    LOG.info("restarting {} on request", id());
                    stopQuietly(launched);
                    restarts.incrementAndGet();
                }
                case EXITED, HUNG, NEVER_READY -> {
                    String cause = describe(outcome, launched);
                    if (outcome != Outcome.EXITED) {
                        killQuietly(launched);
                    }
                    if (failedFirstStart(cause)) {
                        return;
                    }
                    restarts.incrementAndGet();
                    waitBeforeRestart(cause);
                }
            }
        }
    }

    private enum Outcome { EXITED, HUNG, NEVER_READY, STOP_REQUESTED, RESTART_REQUESTED }

    private Process launch() throws IOException {
        Process started = launcher.start(entry);
        process = started;
        startedAt = ticker.now();
        lastReport = null;
        configurationError = null;
        launches.incrementAndGet();
        LeftoverComponents.record(launcher.temp(), id(), started.pid());
        LOG.info("started {} ({}) as pid {}", id(), entry.description(), started.pid());
        Thread pump = new Thread(() -> pumpOutput(started), "output-" + id() + "-" + started.pid());
        pump.setDaemon(true);
        pump.start();
        this.pump = pump;
        return started;
    }

    private Outcome watch(Process watched) {
        Instant readyDeadline = ticker.now().plus(readyTimeout);
        Instant nextProbe = ticker.now();
        int failures = 0;
        boolean ready = false;
        try {
            while (true) {
                if (stopRequested) {
                    return Outcome.STOP_REQUESTED;
                }
                if (restartRequested) {
                    restartRequested = false;
                    return Outcome.RESTART_REQUESTED;
                }
                if (!watched.isAlive()) {
                    return Outcome.EXITED;
                }
                Instant now = ticker.now();
                if (!ready) {
                    Optional<HealthReport> report = probe.probe(READY_PROBE_TIMEOUT).filter(r -> r.pid() == watched.pid());
                    if (report.isPresent()) {
                        ready = true;
                        becameReady(report.get());
                        nextProbe = now.plus(health.interval());
                    } else if (now.isAfter(readyDeadline)) {
                        return Outcome.NEVER_READY;
                    } else {
                        ticker.sleep(Duration.ofMillis(100));
                    }
                } else if (!now.isBefore(nextProbe)) {
                    Optional<HealthReport> report = probe.probe(health.timeout());
                    if (report.isPresent()) {
                        failures = 0;
                        lastReport = report.get();
                    } else if (watched.isAlive() && !stopRequested && !restartRequested) {
                        failures++;
                        LOG.warn("{} (pid {}) did not answer its health probe ({} of {})", id(), watched.pid(),
                                failures, health.failuresBeforeRestart());
                        if (failures >= health.failuresBeforeRestart()) {
                            return Outcome.HUNG;
                        }
                    }
                    nextProbe = ticker.now().plus(health.interval());
                } else {
                    ticker.sleep(POLL);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.STOP_REQUESTED;
        }
    }

    private void becameReady(HealthReport report) {
        lastReport = report;
        everReady = true;
        state = ComponentState.RUNNING;
        LOG.info("{} (pid {}) is ready", id(), report.pid());
        firstReady.complete(null);
    }

    /** On the first start a component that cannot come up fails the whole start, with the reason. */
    private boolean failedFirstStart(String cause) {
        if (everReady) {
            return false;
        }
        state = ComponentState.FAILED;
        LOG.error("{} failed to start: {}", id(), cause);
        firstReady.completeExceptionally(new ComponentStartException(id(), cause));
        return true;
    }

    private void waitBeforeRestart(String cause) {
        Duration delay = backoff.onCrash(ticker.now());
        state = ComponentState.BACKOFF;
        LOG.error("{} {}; restarting in {} s ({} crashes in the last 10 minutes)", id(), cause, delay.toSeconds(),
                backoff.crashesInWindow());
        Instant until = ticker.now().plus(delay);
        try {
            while (!stopRequested && ticker.now().isBefore(until)) {
                ticker.sleep(POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String describe(Outcome outcome, Process watched) {
        return switch (outcome) {
            case HUNG -> "stopped answering its health probe (pid " + watched.pid() + ")";
            case NEVER_READY -> "did not answer its health probe within " + readyTimeout.toSeconds() + " s of starting";
            default -> "exited unexpectedly with " + ExitStatus.describe(watched.exitValue()) + " (pid " + watched.pid() + ")"
                    + drainedConfigurationError().map(e -> ": " + e).orElse("");
        };
    }

    /** The last output lines of an exited process may still be in the pipe: read them before asking. */
    private Optional<String> drainedConfigurationError() {
        Thread reading = pump;
        if (reading != null) {
            try {
                reading.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Optional.ofNullable(configurationError);
    }

    private void pumpOutput(Process source) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(source.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.accept(line);
                int error = line.indexOf(CONFIGURATION_ERROR);
                if (error >= 0) {
                    configurationError = line.substring(error);
                }
            }
        } catch (IOException e) {
            // the process ended; its output ends with it
        }
    }

    /** Asks the keeper to restart the component; completes when the new process answers its probe. */
    public void requestRestart() {
        restartRequested = true;
    }

    public int launches() {
        return launches.get();
    }

    /** Stops supervising and stops the process within its stopTimeout (SIGKILL of its group after that). */
    public void shutdown(ProcessStopper stopper) throws InterruptedException {
        stopRequested = true;
        Thread k;
        synchronized (this) {
            k = keeper;
        }
        if (k != null) {
            k.interrupt();
            k.join(health.timeout().toMillis() + 5_000);
        }
        Process p = process;
        if (p != null && p.isAlive()) {
            LOG.info("stopping {} (pid {})", id(), p.pid());
            stopper.stop(id(), p.toHandle(), entry.stopTimeout());
        }
        LeftoverComponents.forget(launcher.temp(), id());
        state = ComponentState.STOPPED;
        firstReady.completeExceptionally(new ComponentStartException(id(), "stopped before it was ready"));
    }

    private void stopQuietly(Process p) {
        try {
            new ProcessStopper(ticker).stop(id(), p.toHandle(), entry.stopTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killQuietly(Process p) {
        try {
            ProcessStopper.kill(p.toHandle());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A consistent view for {@code status}. */
    public ComponentSnapshot snapshot() {
        Process p = process;
        boolean alive = p != null && p.isAlive();
        ComponentState s = state;
        if (!alive && s == ComponentState.RUNNING) {
            s = ComponentState.RESTARTING; // exited a moment ago; the keeper has not noticed yet
        }
        Instant started = startedAt;
        return new ComponentSnapshot(id(), s, alive ? p.pid() : -1,
                alive && started != null ? Duration.between(started, ticker.now()) : Duration.ZERO,
                alive ? lastReport : null, restarts.get());
    }

    /** What {@link #snapshot()} returns. {@code report} is the component's last health answer, if any. */
    public record ComponentSnapshot(String id, ComponentState state, long pid, Duration uptime, HealthReport report,
                                    int restarts) {}
}
