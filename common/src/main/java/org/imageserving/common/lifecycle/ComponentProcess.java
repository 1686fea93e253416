package org.imageserving.common.lifecycle;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.imageserving.common.config.InstallFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every component process does the same way: find its install folder, and end itself when the supervisor that
 * started it is gone, so that a killed supervisor never leaves orphans holding the ports.
 */
public final class ComponentProcess {
    /** System property set by the supervisor on every component it launches. */
    public static final String SUPERVISOR_PID = "imageserving.supervisorPid";
    public static final String INSTALL_FOLDER = "imageserving.home";
    private static final Logger LOG = LoggerFactory.getLogger(ComponentProcess.class);

    private ComponentProcess() {}

    public static InstallFolder installFolder() {
        String home = System.getProperty(INSTALL_FOLDER);
        if (home == null || home.isBlank()) {
            home = Optional.ofNullable(System.getenv("IMAGESERVING_HOME")).orElse(".");
        }
        return new InstallFolder(Path.of(home));
    }

    /** Exits this JVM (running its shutdown hooks) as soon as the supervisor process ends. */
    public static void exitWithSupervisor() {
        String pid = System.getProperty(SUPERVISOR_PID);
        if (pid == null || pid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> supervisor = ProcessHandle.of(Long.parseLong(pid.strip()));
        if (supervisor.isEmpty()) {
            LOG.error("supervisor {} is not running; exiting", pid);
            System.exit(1);
        }
        supervisor.get().onExit().thenRun(() -> {
            LOG.warn("supervisor {} ended; this component stops too", pid);
            exitSoon();
        });
    }

    /** Exit from a thread that is not a shutdown-hook or common-pool thread, with a hard stop if hooks hang. */
    private static void exitSoon() {
        Thread exit = new Thread(() -> {
            Thread killer = new Thread(() -> {
                try {
                    TimeUnit.SECONDS.sleep(30);
                } catch (InterruptedException ignored) {
                    return;
                }
                Runtime.getRuntime().halt(1);
            }, "exit-watchdog");
            killer.setDaemon(true);
            killer.start();
            System.exit(0);
        }, "supervisor-gone");
        exit.start();
    }
}
