package org.imageserving.tools.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.config.InstallFolder;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.imageserving.supervisor.SupervisorMain;
import org.imageserving.supervisor.process.LeftoverComponents;
import org.imageserving.supervisor.control.ControlClient;
import org.imageserving.supervisor.control.ControlClient.NotRunningException;
import org.imageserving.supervisor.control.StatusReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/ImageServing start | stop | restart [ps|is|svg] | status [ps|is|svg] [--json]}. Exit codes follow the LSB
 * init conventions: 0 success or all running, 1 failure or a requested component down, 2 usage, 3 not running,
 * 4 status unknown (for example: not the installation's owner).
 */
@Command(name = "ImageServing", mixinStandardHelpOptions = true, versionProvider = ImageServingCommand.VersionProvider.class,
        description = "Controls the ImageServing Server Supervisor and its components (is, svg, ps).",
        subcommands = {ImageServingCommand.Start.class, ImageServingCommand.Stop.class, ImageServingCommand.Restart.class,
                ImageServingCommand.Status.class})
public final class ImageServingCommand implements Callable<Integer> {
    static final int NOT_RUNNING = 3;
    static final int UNKNOWN = 4;
    static final Set<String> COMPONENTS = Set.of("ps", "is", "svg");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(130);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new ImageServingCommand());
        System.exit(commandLine.execute(args));
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ImageServing " + org.imageserving.common.health.Version.current()};
        }
    }

    /** The installation this command controls. */
    static final class Installation {
        final Configuration configuration;
        final ControlClient client;

        Installation(Configuration configuration) {
            this.configuration = configuration;
            this.client = new ControlClient(configuration.supervisor().tcpPort(), configuration.supervisor().temp());
        }

        static Installation load() {
            return new Installation(Configuration.read(ComponentProcess.installFolder()));
        }

        InstallFolder install() {
            return configuration.install();
        }
    }

    static int usage(CommandLine.Model.CommandSpec spec, String message) {
        System.err.println(message);
        spec.commandLine().usage(System.err);
        return 2;
    }

    static Optional<Integer> checkComponent(CommandLine.Model.CommandSpec spec, String component) {
        if (component != null && !COMPONENTS.contains(component)) {
            return Optional.of(usage(spec, "unknown component '" + component + "': expected ps, is or svg"));
        }
        return Optional.empty();
    }

    @Command(name = "start", description = "Start the supervisor and every component; returns when all are ready.")
    static final class Start implements Callable<Integer> {
        @Override
        public Integer call() {
            Installation installation;
            try {
                installation = Installation.load();
            } catch (ConfigException e) {
                System.err.println("ImageServing cannot start: " + e.getMessage());
                return 1;
            }
            return start(installation);
        }
    }

    static int start(Installation installation) {
        try {
            StatusReport running = installation.client.status();
            System.out.println("ImageServing is already running (supervisor pid " + running.supervisorPid() + ").");
            return 0;
        } catch (NotRunningException e) {
            // the usual case: go on and start it, replacing what a killed supervisor left running
            stopLeftovers(installation);
        } catch (IOException e) {
            System.err.println("ImageServing cannot start: " + e.getMessage());
            return 1;
        }
        Path temp = installation.configuration.supervisor().temp();
        Path startLog = temp.resolve("supervisor-start.out");
        Process supervisor;
        try {
            Files.createDirectories(temp);
            Files.createDirectories(installation.configuration.supervisor().log().getParent());
            supervisor = launchSupervisor(installation, startLog);
        } catch (IOException e) {
            System.err.println("ImageServing cannot start the supervisor: " + e.getMessage());
            return 1;
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!supervisor.isAlive()) {
                System.err.print(readQuietly(startLog));
                System.err.println("ImageServing did not start (supervisor exited with code " + supervisor.exitValue()
                        + "); see " + installation.configuration.supervisor().log().getParent());
                return 1;
            }
            try {
                StatusReport status = installation.client.status();
                if (status.components().stream().allMatch(StatusReport.Component::running)) {
                    status.textLines().forEach(System.out::println);
                    System.out.println("ImageServing started: http://localhost:" + installation.configuration.tomcat().psPort()
                            + "/is/image");
                    return 0;
                }
            } catch (IOException e) {
                // not listening yet
            }
            sleep(200);
        }
        System.err.println("ImageServing did not become ready within " + START_TIMEOUT.toSeconds() + " s; stopping it");
        supervisor.destroy();
        return 1;
    }

    private static Process launchSupervisor(Installation installation, Path startLog) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String lib = System.getProperty(SupervisorMain.LIB_FOLDER, installation.install().root().resolve("lib").toString());
        List<String> command = new java.util.ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: closing the terminal does not stop the server
        }
        command.addAll(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-D" + ComponentProcess.INSTALL_FOLDER + "=" + installation.install().root(),
                "-D" + SupervisorMain.LIB_FOLDER + "=" + lib,
                "-cp", Path.of(lib, "*").toString(), SupervisorMain.class.getName()));
        return new ProcessBuilder(command)
                .directory(installation.install().root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(startLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    @Command(name = "stop", description = "Stop every component, then the supervisor.")
    static final class Stop implements Callable<Integer> {
        @Override
        public Integer call() {
            return stop(Installation.load());
        }
    }

    static int stop(Installation installation) {
        StatusReport status;
        try {
            status = installation.client.status();
        } catch (NotRunningException e) {
            // a supervisor that was killed left its components serving: stop means those too
            if (stopLeftovers(installation).isEmpty()) {
                System.out.println("ImageServing is not running.");
            } else {
                System.out.println("ImageServing stopped.");
            }
            return 0;
        } catch (IOException e) {
            System.err.println("cannot stop ImageServing: " + e.getMessage());
            return 1;
        }
        Optional<ProcessHandle> supervisor = ProcessHandle.of(status.supervisorPid());
        try {
            installation.client.send("STOP", Duration.ofSeconds(10));
        } catch (NotRunningException e) {
            // it stopped on its own meanwhile
        } catch (IOException e) {
            System.err.println("cannot stop ImageServing: " + e.getMessage());
            return 1;
        }
        long waitSeconds = installation.configuration.supervisor().servers().stream()
                .mapToLong(s -> s.stopTimeout().toSeconds()).sum() + 10;
        if (supervisor.isPresent()) {
            try {
                supervisor.get().onExit().get(waitSeconds, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("the supervisor did not exit within " + waitSeconds + " s; killing it");
                supervisor.get().descendants().forEach(ProcessHandle::destroyForcibly);
                supervisor.get().destroyForcibly();
                return 1;
            }
        }
        System.out.println("ImageServing stopped.");
        return 0;
    }

    @Command(name = "restart", description = "Restart everything, supervisor included; or just one component: ps, is or svg.")
    static final class Restart implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "COMPONENT", description = "ps, is or svg")
        String component;

        @Override
        public Integer call() {
            Optional<Integer> bad = checkComponent(spec, component);
            if (bad.isPresent()) {
                return bad.get();
            }
            Installation installation = Installation.load();
            if (component == null) {
                int stopped = stop(installation);
                return stopped != 0 ? stopped : start(installation);
            }
            try {
                List<String> lines = installation.client.send("RESTART " + component, Duration.ofSeconds(150));
                StatusReport.fromJson(lines.get(0)).only(Optional.of(component)).textLines().stream().skip(1)
                        .forEach(System.out::println);
                return 0;
            } catch (NotRunningException e) {
                System.err.println(e.getMessage());
                return NOT_RUNNING;
            } catch (IOException e) {
                System.err.println("restart of " + component + " failed: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "status", description = "Uptime and memory of the supervisor and each component (or just one).")
    static final class Status implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "COMPONENT", description = "ps, is or svg")
        String component;

        @Option(names = "--json", description = "Print the status as one JSON document.")
        boolean json;

        @Override
        public Integer call() {
            Optional<Integer> bad = checkComponent(spec, component);
            if (bad.isPresent()) {
                return bad.get();
            }
            Installation installation = Installation.load();
            try {
                StatusReport report = installation.client.status().only(Optional.ofNullable(component));
                if (json) {
                    System.out.println(report.toJson());
                } else {
                    report.textLines().forEach(System.out::println);
                }
                return report.components().stream().allMatch(StatusReport.Component::running) ? 0 : 1;
            } catch (NotRunningException e) {
                if (json) {
                    System.out.println("{\"supervisor\":\"not running\"}");
                    System.err.println(e.getMessage());
                } else {
                    System.out.println(e.getMessage());
                    LeftoverComponents.find(installation.configuration).stream()
                            .filter(l -> component == null || l.id().equals(component))
                            .forEach(l -> System.out.println(l.id() + " pid=" + l.process().pid() + " still serving"
                                    + " without a supervisor; 'start' replaces it, 'stop' stops it"));
                }
                return NOT_RUNNING;
            } catch (IOException e) {
                System.err.println("status unknown: " + e.getMessage());
                return UNKNOWN;
            }
        }
    }

    private static List<LeftoverComponents.Leftover> stopLeftovers(Installation installation) {
        try {
            return LeftoverComponents.stopAll(installation.configuration, System.out::println);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
