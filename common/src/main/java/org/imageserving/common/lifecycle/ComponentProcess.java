package org.imageserving.common.lifecycle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.imageserving.common.config.InstallFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every component process does the same way: find its install folder, and notice when the supervisor that
 * started it is gone.
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

    /**
     * When the supervisor ends without stopping this component (kill -9, a crash), the component keeps serving: an
     * outage is the worst answer to losing the process that exists to prevent outages, and supervisord and systemd
     * ({@code KillMode=process}) behave the same. The next {@code bin/ImageServing start} replaces it and
     * {@code stop} stops it (they find it through the supervisor's pid files). Its output went into a pipe to the
     * supervisor; from then on it goes to {@code logs/<id>-without-supervisor.log}.
     */
    public static void watchSupervisor(String id, InstallFolder install) {
        String pid = System.getProperty(SUPERVISOR_PID);
        if (pid == null || pid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> supervisor = ProcessHandle.of(Long.parseLong(pid.strip()));
        if (supervisor.isEmpty()) {
            // launched by a supervisor that is already gone: nobody would ever stop or replace this process
            LOG.error("supervisor {} is not running; exiting", pid);
            System.exit(1);
        }
        supervisor.get().onExit().thenRun(() -> {
            Path log = install.resolve("logs").resolve(id + "-without-supervisor.log");
            redirectOutput(log);
            LOG.warn("supervisor {} ended without stopping {} (pid {}); still serving until 'bin/ImageServing start'"
                    + " replaces it or 'bin/ImageServing stop' stops it", pid, id, ProcessHandle.current().pid());
        });
    }

    /** Logback's console appender writes to whatever System.out is at the time, so this moves the log as well. */
    private static void redirectOutput(Path log) {
        try {
            Files.createDirectories(log.getParent());
            PrintStream out = new PrintStream(Files.newOutputStream(log, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
            System.setOut(out);
            System.setErr(out);
        } catch (IOException e) {
            // the output stays in the broken pipe: the component still serves, only its trace lines are lost
        }
    }
}
