package org.imageserving.supervisor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.config.SupervisorRegistry.ServerEntry;
import org.imageserving.supervisor.logging.SupervisorLogs;
import org.imageserving.supervisor.process.ComponentLauncher;
import org.imageserving.supervisor.process.ComponentStartException;
import org.imageserving.supervisor.process.ComponentState;
import org.imageserving.supervisor.process.FrameHealthProbe;
import org.imageserving.supervisor.process.HealthProbe;
import org.imageserving.supervisor.process.HttpHealthProbe;
import org.imageserving.supervisor.process.ProcessStopper;
import org.imageserving.supervisor.process.SupervisedComponent;
import org.imageserving.supervisor.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Server Supervisor's core: starts the components by ascending {@code startPriority}, keeps them running, restarts
 * one on request, and stops them in reverse order.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
    /** How long {@code start} waits for every component to answer, as the control script documents. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Configuration configuration;
    private final Ticker ticker;
    private final Instant startedAt;
    private final Map<String, SupervisedComponent> components = new LinkedHashMap<>();

    public Supervisor(Configuration configuration, Path libFolder, SupervisorLogs logs, Ticker ticker) {
        this.configuration = configuration;
        this.ticker = ticker;
        this.startedAt = ticker.now();
        ComponentLauncher launcher = new ComponentLauncher(configuration, libFolder);
        for (ServerEntry entry : configuration.supervisor().servers()) {
            components.put(entry.id(), new SupervisedComponent(entry, launcher, probeFor(entry.id()),
                    configuration.supervisor().health(), READY_TIMEOUT, ticker, logs.componentOutput(entry.id())));
            entry.droppedArguments().forEach(a ->
                    LOG.warn("{}: ignoring JVM argument {} (obsolete since Java 8)", entry.id(), a));
        }
    }

    private HealthProbe probeFor(String id) {
        Map<String, Integer> ports = configuration.listeningPorts();
        return id.equals("ps") ? new HttpHealthProbe(ports.get("ps")) : new FrameHealthProbe(id, ports.get(id));
    }

    /**
     * Starts every component, one priority group after the other: after launching a group, waits until its members
     * answer or until the group's largest {@code startDelay} has passed, whichever comes first.
     *
     * @throws ComponentStartException naming the component that could not be brought up
     */
    public void start() throws InterruptedException {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (List<SupervisedComponent> group : priorityGroups()) {
            List<CompletableFuture<Void>> ready = group.stream().map(SupervisedComponent::start).toList();
            all.addAll(ready);
            Duration delay = group.stream().map(c -> c.entry().startDelay()).max(Duration::compareTo).orElse(Duration.ZERO);
            await(CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)), delay, false);
        }
        await(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)), READY_TIMEOUT, true);
    }

    private void await(CompletableFuture<Void> ready, Duration timeout, boolean mustComplete)
            throws InterruptedException {
        try {
            ready.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ComponentStartException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            if (mustComplete) {
                throw snapshots().stream().filter(s -> s.state() != ComponentState.RUNNING).findFirst()
                        .map(late -> new ComponentStartException(late.id(), "is not ready after " + timeout.toSeconds()
                                + " s (state " + late.state().label() + ")"))
                        .orElseGet(() -> new ComponentStartException("?", "did not report ready in time"));
            }
        }
    }

    private List<List<SupervisedComponent>> priorityGroups() {
        Map<Integer, List<SupervisedComponent>> groups = new java.util.TreeMap<>();
        components.values().forEach(c ->
                groups.computeIfAbsent(c.entry().startPriority(), p -> new ArrayList<>()).add(c));
        return new ArrayList<>(groups.values());
    }

    /** Restarts one component; the others keep serving. Returns once it answers again, or throws. */
    public void restart(String id, Duration timeout) throws InterruptedException {
        SupervisedComponent component = component(id).orElseThrow(() -> new IllegalArgumentException("unknown component " + id));
        int before = component.launches();
        component.requestRestart();
        Instant deadline = ticker.now().plus(timeout);
        while (ticker.now().isBefore(deadline)) {
            SupervisedComponent.ComponentSnapshot s = component.snapshot();
            if (component.launches() > before && s.state() == ComponentState.RUNNING) {
                return;
            }
            ticker.sleep(Duration.ofMillis(100));
        }
        throw new ComponentStartException(id, "did not come back within " + timeout.toSeconds() + " s");
    }

    /** Stops every component in reverse start order, each within its stopTimeout. */
    public void stop() {
        ProcessStopper stopper = new ProcessStopper(ticker);
        List<SupervisedComponent> reverse = new ArrayList<>(components.values());
        java.util.Collections.reverse(reverse);
        for (SupervisedComponent component : reverse) {
            try {
                component.shutdown(stopper);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while stopping {}", component.id());
            }
        }
        LOG.info("all components stopped");
    }

    public Optional<SupervisedComponent> component(String id) {
        return Optional.ofNullable(components.get(id));
    }

    public List<SupervisedComponent.ComponentSnapshot> snapshots() {
        return components.values().stream().map(SupervisedComponent::snapshot).toList();
    }

    public Duration uptime() {
        return Duration.between(startedAt, ticker.now());
    }

    public Configuration configuration() {
        return configuration;
    }
}
