package org.imageserving.supervisor.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.config.SupervisorRegistry.ServerEntry;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.imageserving.supervisor.time.Ticker;

/**
 * Components that outlived their supervisor. A supervisor that is killed (kill -9, the OOM killer, a crash) cannot
 * stop its components, and they keep serving, as under supervisord or systemd's {@code KillMode=process}: losing the
 * supervisor is no reason for an outage. The supervisor writes each component's pid to {@code temp/<id>.pid}; the
 * next supervisor, or {@code bin/ImageServing stop}, finds them there and stops them within their stopTimeout before
 * it starts fresh, so that no orphan is left holding a port.
 *
 * <p>They are replaced rather than adopted: their output went into a pipe to the dead supervisor, so their trace
 * output is lost until they are restarted, and only a launched process can be supervised the same way as the others.
 */
public final class LeftoverComponents {
    private LeftoverComponents() {}

    /** A component process of this installation that no running supervisor launched. */
    public record Leftover(String id, ProcessHandle process) {}

    public static Path pidFile(Path temp, String id) {
        return temp.resolve(id + ".pid");
    }

    static void record(Path temp, String id, long pid) {
        try {
            Files.createDirectories(temp);
            Files.writeString(pidFile(temp, id), Long.toString(pid));
        } catch (IOException e) {
            // without the file a later supervisor cannot find this process; the start-up port check still names
            // the port it holds
        }
    }

    static void forget(Path temp, String id) {
        try {
            Files.deleteIfExists(pidFile(temp, id));
        } catch (IOException ignored) {
            // a stale file is harmless: find() checks the process behind it
        }
    }

    /**
     * The components named by pid files that are still running, belong to this installation (their command line
     * carries its folder) and whose supervisor has ended (a running supervisor's components are not leftovers, even
     * if that supervisor is not answering). Files naming anything else (a process that ended, a pid reused by another
     * program) are removed.
     */
    public static List<Leftover> find(Configuration configuration) {
        Path temp = configuration.supervisor().temp();
        String marker = "-D" + ComponentProcess.INSTALL_FOLDER + "=" + configuration.install().root();
        List<Leftover> found = new ArrayList<>();
        for (ServerEntry entry : configuration.supervisor().servers()) {
            Optional<ProcessHandle> process = readPid(pidFile(temp, entry.id())).flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive);
            Optional<List<String>> arguments = process.flatMap(p -> p.info().arguments()).map(Arrays::asList);
            if (arguments.isEmpty() || !arguments.get().contains(marker)) {
                forget(temp, entry.id());
            } else if (!supervisorAlive(arguments.get())) {
                found.add(new Leftover(entry.id(), process.get()));
            }
        }
        return found;
    }

    private static boolean supervisorAlive(List<String> arguments) {
        String prefix = "-D" + ComponentProcess.SUPERVISOR_PID + "=";
        return arguments.stream().filter(a -> a.startsWith(prefix)).findFirst()
                .flatMap(a -> {
                    try {
                        return ProcessHandle.of(Long.parseLong(a.substring(prefix.length())));
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .filter(p -> p.isAlive() && p.pid() != ProcessHandle.current().pid())
                .isPresent();
    }

    /**
     * Stops every leftover, front end first (reverse start order), each with SIGTERM and, after its stopTimeout,
     * SIGKILL of its process group: the same way the supervisor stops its own components.
     *
     * @param report told about each process before it is stopped
     * @return what was stopped
     */
    public static List<Leftover> stopAll(Configuration configuration, Consumer<String> report)
            throws InterruptedException {
        List<Leftover> leftovers = new ArrayList<>(find(configuration));
        java.util.Collections.reverse(leftovers);
        ProcessStopper stopper = new ProcessStopper(Ticker.system());
        for (Leftover leftover : leftovers) {
            ServerEntry entry = configuration.supervisor().servers().stream()
                    .filter(e -> e.id().equals(leftover.id())).findFirst().orElseThrow();
            report.accept("stopping " + leftover.id() + " (pid " + leftover.process().pid()
                    + "), left running by a supervisor that ended without stopping it");
            stopper.stop(leftover.id(), leftover.process(), entry.stopTimeout());
            forget(configuration.supervisor().temp(), leftover.id());
        }
        return leftovers;
    }

    private static Optional<Long> readPid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
