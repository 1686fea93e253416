package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping, each test on its own installation. */
class StartStopIT {
    @TempDir
    Path folder;
    TestInstallation system;

    @BeforeEach
    void create() throws Exception {
        system = TestInstallation.create(folder);
    }

    @AfterEach
    void cleanUp() {
        system.close();
    }

    @Test
    void statusWhenStoppedExitsThreeWithAMessage() {
        Run status = system.script("status");

        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.stdout()).contains("ImageServing is not running (supervisor not reachable on 127.0.0.1:"
                + system.controlPort + ")");
        Run one = system.script("status", "is");
        assertThat(one.exitCode()).isEqualTo(3);
        Run restart = system.script("restart", "ps");
        assertThat(restart.exitCode()).isEqualTo(3);
        Run stop = system.script("stop");
        assertThat(stop.exitCode()).isZero();
        assertThat(stop.stdout()).contains("not running");
    }

    @Test
    void startWhileAPortIsTakenFailsClearlyAndLeavesNothingRunning() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(system.psPort));

            Run start = system.script("start");

            assertThat(start.exitCode()).as(start.toString()).isEqualTo(1);
            assertThat(start.stderr()).contains("TC::PsPort " + system.psPort + " is already in use");
            assertThat(system.processes()).isEmpty();
            assertThat(TestInstallation.portFree(system.controlPort)).isTrue();
            assertThat(system.script("status").exitCode()).isEqualTo(3);
        }
    }

    @Test
    void aBrokenSupervisorRegistryFailsNamingFileAndLine() throws Exception {
        Path registry = system.root.resolve("conf/SupervisorRegistry.xml");
        String text = Files.readString(registry);
        int line = (int) text.substring(0, text.indexOf("<startPriority>2</startPriority>")).lines().count();
        Files.writeString(registry, text.replace("<startPriority>2</startPriority>", "<startPriority>two</startPriority>"));

        Run start = system.script("start");

        assertThat(start.exitCode()).as(start.toString()).isEqualTo(1);
        assertThat(start.stderr()).contains(registry + ":" + line, "<startPriority> must be a whole number, got 'two'");
        assertThat(system.processes()).isEmpty();
    }

    @Test
    void aMalformedSupervisorRegistryFailsNamingFileAndLine() throws Exception {
        Path registry = system.root.resolve("conf/SupervisorRegistry.xml");
        Files.writeString(registry, Files.readString(registry).replace("</servers>", "</server>"));

        Run start = system.script("start");

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.stderr()).containsPattern(java.util.regex.Pattern.quote(registry.toString()) + ":\\d+: not well-formed XML");
        assertThat(system.processes()).isEmpty();
    }

    @Test
    void mismatchedPortPairsAreRefusedAtStart() throws Exception {
        system.edit("PlatformServer.conf", Map.of("isConnection.port=" + system.isPort, "isConnection.port=1"));

        Run start = system.script("start");

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.stderr()).contains("IS::TcpPort is " + system.isPort + " but PS::isConnection.port is 1");
        assertThat(system.processes()).isEmpty();
    }

    @Test
    void aComponentThatCannotStartFailsTheStartNamingIt() throws Exception {
        // Valid for the supervisor, fatal for the Platform Server alone: its main class does not exist.
        system.edit("SupervisorRegistry.xml", Map.of("org.imageserving.ps.PlatformServerMain", "org.imageserving.ps.Missing"));

        Run start = system.script("start");

        assertThat(start.exitCode()).as(start.toString()).isEqualTo(1);
        assertThat(start.stderr()).contains("component 'ps'", "exited unexpectedly");
        await("every process ended", Duration.ofSeconds(30), () -> system.processes().isEmpty());
        assertThat(system.ports()).allSatisfy(port -> assertThat(TestInstallation.portFree(port)).isTrue());
    }

    @Test
    void whileTheImageServerIsDownRequestsGetAClear503() throws Exception {
        // A long restart delay for is alone keeps it down long enough to be asked.
        Path registry = system.root.resolve("conf/SupervisorRegistry.xml");
        String text = Files.readString(registry);
        int is = text.indexOf("<server id=\"is\">");
        Files.writeString(registry, text.substring(0, is)
                + text.substring(is).replaceFirst("<startDelay>1</startDelay>", "<startDelay>20</startDelay>"));
        assertThat(system.script("start").exitCode()).isZero();
        long victim = system.script("status").pid("is");

        ProcessHandle victimHandle = ProcessHandle.of(victim).orElseThrow();
        victimHandle.destroyForcibly();
        victimHandle.onExit().get();
        var response = system.get("/is/image/samples/tower.jpg?wid=100");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(TestInstallation.text(response)).startsWith("#S7Z ERROR").contains("Image Server unavailable");
        assertThat(TestInstallation.text(system.get("/is/image"))).contains("imageServer.status=unreachable");
        Run status = system.script("status", "is");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.stdout()).contains("backoff");
    }

    @Test
    void restartReplacesTheSupervisorAndEveryComponent() {
        assertThat(system.script("start").exitCode()).isZero();
        Run before = system.script("status");

        Run restart = system.script("restart");

        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        Run after = system.script("status");
        assertThat(after.exitCode()).isZero();
        for (String id : new String[] {"supervisor", "is", "svg", "ps"}) {
            assertThat(after.pid(id)).as(id).isPositive().isNotEqualTo(before.pid(id));
        }
    }

    @Test
    void aKilledSupervisorLeavesItsComponentsServingAndTheNextStartReplacesThem() throws Exception {
        system.start();
        Run before = system.script("status");
        long supervisor = before.pid("supervisor");

        ProcessHandle killed = ProcessHandle.of(supervisor).orElseThrow();
        killed.destroyForcibly();
        killed.onExit().get();

        // the old policy ended every component within a second or two of the supervisor's death
        Thread.sleep(3000);
        for (String id : new String[] {"is", "svg", "ps"}) {
            assertThat(ProcessHandle.of(before.pid(id)).map(ProcessHandle::isAlive)).as(id).hasValue(true);
        }
        assertThat(system.get("/is/image/samples/tower.jpg?wid=90").statusCode()).isEqualTo(200);
        Run status = system.script("status");
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.stdout()).contains("ps pid=" + before.pid("ps") + " still serving without a supervisor");
        await("the component noted it in its own log", Duration.ofSeconds(10),
                () -> Files.exists(system.root.resolve("logs/ps-without-supervisor.log")));

        Run start = system.script("start");

        assertThat(start.exitCode()).as(start.toString()).isZero();
        assertThat(start.stdout()).contains("stopping ps (pid " + before.pid("ps") + ")");
        Run after = system.script("status");
        assertThat(after.exitCode()).isZero();
        for (String id : new String[] {"is", "svg", "ps"}) {
            assertThat(ProcessHandle.of(before.pid(id)).map(ProcessHandle::isAlive)).as(id).isNotEqualTo(Optional.of(true));
            assertThat(after.pid(id)).as(id).isPositive().isNotEqualTo(before.pid(id));
        }
        assertThat(system.processes()).as("one supervisor and three components, no orphan").hasSize(4);
        assertThat(system.get("/is/image/samples/tower.jpg?wid=90").statusCode()).isEqualTo(200);
    }

    @Test
    void stopAfterAKilledSupervisorStopsTheComponentsItLeft() throws Exception {
        system.start();
        ProcessHandle killed = ProcessHandle.of(system.script("status").pid("supervisor")).orElseThrow();
        killed.destroyForcibly();
        killed.onExit().get();

        Run stop = system.script("stop");

        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.stdout()).contains("stopping ps (pid", "ImageServing stopped.");
        await("no process of the installation is left", Duration.ofSeconds(30), () -> system.processes().isEmpty());
        await("every port is free", Duration.ofSeconds(10),
                () -> system.ports().stream().allMatch(TestInstallation::portFree));
        assertThat(system.script("stop").stdout()).contains("ImageServing is not running.");
    }
}
