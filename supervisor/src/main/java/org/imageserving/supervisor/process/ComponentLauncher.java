package org.imageserving.supervisor.process;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.config.SupervisorRegistry.ServerEntry;
import org.imageserving.common.lifecycle.ComponentProcess;

/**
 * Builds and starts a component's JVM from its {@code <server>} entry. Each component becomes the leader of a new
 * session and process group ({@code setsid}), so that stopping it can kill everything it started in one call and a
 * signal meant for the supervisor's terminal never reaches it.
 */
public final class ComponentLauncher {
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private final Configuration configuration;
    private final Path libFolder;
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    public ComponentLauncher(Configuration configuration, Path libFolder) {
        this.configuration = configuration;
        this.libFolder = libFolder;
    }

    public List<String> command(ServerEntry entry) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(entry.jvmArguments());
        if (entry.id().equals("is") && entry.jvmArguments().stream().noneMatch(a -> a.startsWith("-Xmx"))) {
            // IS::PhysicalMemory caps image memory as a share of the machine's RAM: the heap is where images live.
            command.add("-XX:MaxRAMPercentage=" + configuration.imageServer().physicalMemoryPercent());
        }
        if (entry.id().equals("is")) {
            command.add("-Dimageserving.loglevel=" + logLevel(configuration.imageServer().traceClient()));
            if (ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent()) {
                // the resampler's vector pass; without the module it runs one pixel at a time, with the same result
                command.add("--add-modules=" + VECTOR_MODULE);
            }
        }
        command.add("-D" + ComponentProcess.INSTALL_FOLDER + "=" + configuration.install().root());
        command.add("-D" + ComponentProcess.SUPERVISOR_PID + "=" + ProcessHandle.current().pid());
        command.add("-Djava.io.tmpdir=" + configuration.supervisor().temp());
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(libFolder.resolve("*").toString());
        command.add(entry.mainClass());
        return command;
    }

    /** Where the pid files of the launched components go ({@link LeftoverComponents}). */
    public Path temp() {
        return configuration.supervisor().temp();
    }

    public Process start(ServerEntry entry) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command(entry))
                .directory(configuration.install().root().toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("IMAGESERVING_HOME", configuration.install().root().toString());
        entry.environment().forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder.start();
    }

    /** The documented trace levels 1–4 as log levels. */
    static String logLevel(int traceLevel) {
        return switch (traceLevel) {
            case 1 -> "WARN";
            case 3 -> "DEBUG";
            case 4 -> "TRACE";
            default -> "INFO";
        };
    }
}
