package org.imageserving.supervisor.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imageserving.common.config.Configuration;
import org.imageserving.common.config.InstallFolder;
import org.imageserving.common.lifecycle.ComponentProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pid files and real processes: only what carries this installation's folder on its command line is stopped. */
class LeftoverComponentsTest {
    @TempDir
    Path root;
    private Configuration configuration;
    private Path temp;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void install() throws IOException {
        Path conf = Files.createDirectories(root.resolve("conf"));
        try (Stream<Path> files = Files.list(shippedConf())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        configuration = Configuration.read(new InstallFolder(root));
        temp = configuration.supervisor().temp();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void aComponentOfThisInstallationIsFoundAndStopped() throws Exception {
        Process ps = start("-D" + ComponentProcess.INSTALL_FOLDER + "=" + root);
        LeftoverComponents.record(temp, "ps", ps.pid());
        List<String> said = new ArrayList<>();

        List<LeftoverComponents.Leftover> stopped = LeftoverComponents.stopAll(configuration, said::add);

        assertThat(stopped).extracting(LeftoverComponents.Leftover::id).containsExactly("ps");
        assertThat(ps.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(said).singleElement().asString().contains("stopping ps (pid " + ps.pid() + ")");
        assertThat(LeftoverComponents.pidFile(temp, "ps")).doesNotExist();
    }

    @Test
    void aPidReusedByAnotherProgramIsLeftAlone() throws Exception {
        Process stranger = start("-D" + ComponentProcess.INSTALL_FOLDER + "=" + root.resolve("other"));
        LeftoverComponents.record(temp, "is", stranger.pid());

        assertThat(LeftoverComponents.stopAll(configuration, line -> { })).isEmpty();

        assertThat(stranger.isAlive()).isTrue();
        assertThat(LeftoverComponents.pidFile(temp, "is")).as("a stale file is removed").doesNotExist();
    }

    @Test
    void theComponentOfARunningSupervisorIsNoLeftover() throws Exception {
        Process supervisor = new ProcessBuilder("sleep", "60").start();
        processes.add(supervisor);
        Process is = start("-D" + ComponentProcess.INSTALL_FOLDER + "=" + root,
                "-D" + ComponentProcess.SUPERVISOR_PID + "=" + supervisor.pid());
        LeftoverComponents.record(temp, "is", is.pid());

        assertThat(LeftoverComponents.find(configuration)).isEmpty();
        assertThat(LeftoverComponents.pidFile(temp, "is")).as("still that supervisor's").exists();

        supervisor.destroyForcibly().waitFor();
        assertThat(LeftoverComponents.find(configuration)).extracting(LeftoverComponents.Leftover::id)
                .containsExactly("is");
    }

    @Test
    void aPidFileOfAnEndedProcessIsRemoved() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        LeftoverComponents.record(temp, "svg", ended.pid());

        assertThat(LeftoverComponents.find(configuration)).isEmpty();
        assertThat(LeftoverComponents.pidFile(temp, "svg")).doesNotExist();
    }

    /** A process whose command line carries {@code markers}, as a component's carries its install folder. */
    private Process start(String... markers) throws IOException, InterruptedException {
        // "; true" keeps bash from exec-ing sleep, which would drop the markers ($0, $1) from the command line
        List<String> command = new ArrayList<>(List.of("bash", "-c", "sleep 60; true"));
        command.addAll(List.of(markers));
        Process process = new ProcessBuilder(command).start();
        processes.add(process);
        for (int i = 0; i < 100 && process.info().arguments().isEmpty(); i++) {
            Thread.sleep(10);
        }
        return process;
    }

    private static Path shippedConf() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("conf/SupervisorRegistry.xml"))) {
                return dir.resolve("conf");
            }
        }
        throw new IllegalStateException("no conf/ above " + Path.of("").toAbsolutePath());
    }
}
