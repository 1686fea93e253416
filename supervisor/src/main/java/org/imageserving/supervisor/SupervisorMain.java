package org.imageserving.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.imageserving.supervisor.control.ControlSecret;
import org.imageserving.supervisor.control.ControlServer;
import org.imageserving.supervisor.control.StatusReport;
import org.imageserving.supervisor.logging.SupervisorLogs;
import org.imageserving.supervisor.process.ComponentStartException;
import org.imageserving.supervisor.process.LeftoverComponents;
import org.imageserving.supervisor.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Server Supervisor daemon ({@code sv}). Started by {@code bin/ImageServing start}; everything it has to say
 * before its log is open, and the reason for a failed start, goes to standard error, which the control script shows.
 */
public final class SupervisorMain {
    public static final String PID_FILE = "supervisor.pid";
    public static final String LIB_FOLDER = "imageserving.lib";
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorMain.class);

    private SupervisorMain() {}

    public static void main(String[] args) {
        Configuration configuration;
        try {
            configuration = Configuration.read(ComponentProcess.installFolder());
        } catch (ConfigException e) {
            fail(2, e.getMessage());
            return;
        }
        try {
            // before the port check: the ports they hold are the ones this start needs
            LeftoverComponents.stopAll(configuration, message -> {
                System.out.println(message);
                LOG.warn(message);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<String> busy = PortCheck.busyPorts(configuration);
        if (!busy.isEmpty()) {
            fail(1, String.join("; ", busy));
            return;
        }
        Path temp = configuration.supervisor().temp();
        SupervisorLogs logs = SupervisorLogs.configure(configuration);
        Path lib = Path.of(System.getProperty(LIB_FOLDER, configuration.install().root().resolve("lib").toString()));
        Supervisor supervisor = new Supervisor(configuration, lib, logs, Ticker.system());
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stopAll = () -> {
            if (stopping.compareAndSet(false, true)) {
                supervisor.stop();
                deleteQuietly(temp.resolve(PID_FILE));
                deleteQuietly(temp.resolve(ControlSecret.FILE_NAME));
                LOG.info("supervisor stopped");
                stopped.countDown();
            }
        };
        ControlServer control;
        try {
            Files.createDirectories(temp);
            String secret = ControlSecret.create(temp);
            control = ControlServer.bind(configuration.supervisor().tcpPort(), secret, supervisor, () -> {
                stopAll.run();
                System.exit(0);
            });
            Files.writeString(temp.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            fail(1, "cannot open the control port " + configuration.supervisor().tcpPort() + ": " + e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll.run();
            control.close();
        }, "supervisor-shutdown"));
        LOG.info("supervisor {} starting ImageServing in {}", ProcessHandle.current().pid(), configuration.install().root());
        control.serve();
        try {
            supervisor.start();
        } catch (ComponentStartException e) {
            LOG.error("start failed: {}", e.getMessage());
            stopAll.run();
            fail(1, e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LOG.info("all components are ready");
        logStatistics(supervisor, configuration);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The periodic statistics of {@code <tracestatsinterval>}: the same lines {@code status} prints. */
    private static void logStatistics(Supervisor supervisor, Configuration configuration) {
        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "statistics");
            t.setDaemon(true);
            return t;
        });
        long seconds = configuration.supervisor().traceStatsInterval().toSeconds();
        stats.scheduleAtFixedRate(() -> StatusReport.of(supervisor).textLines().forEach(l -> LOG.info("stats: {}", l)),
                seconds, seconds, TimeUnit.SECONDS);
    }

    private static void fail(int code, String message) {
        System.err.println("ImageServing cannot start: " + message);
        LOG.error("cannot start: {}", message);
        System.exit(code);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale file is harmless: the next start replaces it
        }
    }
}
