package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;
import static org.imageserving.dist.TestInstallation.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** One system started through bin/ImageServing, then poked the way an operator and a crash would. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunningSystemIT {
    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        Run start = system.start();
        assertThat(start.stdout()).contains("ImageServing started: http://localhost:" + system.psPort + "/is/image");
    }

    @AfterAll
    static void stopLeavesNothingBehind() {
        Run stop = system.script("stop");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(system.processes()).as("processes left after stop").isEmpty();
        for (int port : system.ports()) {
            assertThat(TestInstallation.portFree(port)).as("port %d free after stop", port).isTrue();
        }
    }

    @Test
    @Order(1)
    void statusShowsEveryComponentWithPidUptimeAndMemory() {
        Run status = system.script("status");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.lines()).hasSize(4);
        assertThat(status.lines().get(0)).matches("supervisor\\s+running\\s+pid=\\d+\\s+uptime=\\d+d \\d\\d:\\d\\d:\\d\\d");
        for (String id : new String[] {"is", "svg", "ps"}) {
            assertThat(status.lines()).anySatisfy(line -> assertThat(line).matches(id
                    + "\\s+running\\s+pid=\\d+\\s+uptime=\\d+d \\d\\d:\\d\\d:\\d\\d\\s+heap=\\d+\\.\\d/\\d+\\.\\d MB\\s+rss=\\d+\\.\\d MB\\s+restarts=\\d+"));
            assertThat(ProcessHandle.of(status.pid(id))).as("%s process", id).isPresent();
        }
        String isCommand = String.join(" ", ProcessHandle.of(status.pid("is")).orElseThrow().info().arguments()
                .orElse(new String[0]));
        assertThat(isCommand).as("the resampler's vector pass is enabled").contains("--add-modules=jdk.incubator.vector");
    }

    @Test
    @Order(2)
    void statusOfOneComponentAndAsJson() throws Exception {
        Run ps = system.script("status", "ps");
        assertThat(ps.exitCode()).isZero();
        assertThat(ps.lines()).hasSize(2).anySatisfy(l -> assertThat(l).startsWith("ps "));

        Run json = system.script("status", "--json");
        assertThat(json.exitCode()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.stdout());
        assertThat(report.get("components")).hasSize(3);
        for (JsonNode component : report.get("components")) {
            assertThat(component.get("state").asText()).isEqualTo("running");
            assertThat(component.get("rssBytes").asLong()).isPositive();
            assertThat(component.get("heapMaxBytes").asLong()).isGreaterThan(component.get("heapUsedBytes").asLong());
        }
    }

    @Test
    @Order(3)
    void theEmptyRequestProvesThePlatformServerReachesTheImageServer() {
        HttpResponse<byte[]> response = system.get("/is/image");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(text(response)).startsWith("#S7Z OK\n").contains("imageServer.status=ok", "imageServer.version=",
                "imageServer.uptime=");
    }

    @Test
    @Order(4)
    void anImageUnderImagesIsResizedByTheImageServer() throws Exception {
        HttpResponse<byte[]> response = system.get("/is/image/samples/landscape.jpg?wid=200");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(133); // 1600 x 1067 scaled to 200 wide
    }

    @Test
    @Order(5)
    void badRequestsGetTheProtocolErrorNotACrash() {
        // default.ini ships ErrorDetail=0: a title only, no message that could name paths (PlatformServerIT
        // shows the messages with ErrorDetail=2)
        HttpResponse<byte[]> missing = system.get("/is/image/samples/missing.jpg?wid=200");
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(text(missing)).startsWith("#S7Z ERROR").contains("error.title=").doesNotContain("samples/");

        HttpResponse<byte[]> malformed = system.get("/is/image/samples/landscape.jpg?wid=-5");
        assertThat(malformed.statusCode()).isEqualTo(403);
        assertThat(text(malformed)).startsWith("#S7Z ERROR");

        HttpResponse<byte[]> outside = system.get("/is/image/samples/%2e%2e/%2e%2e/conf/server.xml");
        assertThat(outside.statusCode()).isBetween(400, 404);
        assertThat(text(outside)).startsWith("#S7Z ERROR").doesNotContain("<Server");

        assertThat(system.get("/is/image/samples/landscape.jpg?wid=50").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void aSecondStartSaysItIsAlreadyRunning() {
        long supervisor = system.script("status").pid("supervisor");

        Run again = system.script("start");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.stdout()).contains("already running");
        assertThat(system.script("status").pid("supervisor")).isEqualTo(supervisor);
    }

    @Test
    @Order(7)
    void restartIsChangesOnlyTheImageServersPid() {
        Run before = system.script("status");

        Run restart = system.script("restart", "is");

        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        Run after = system.script("status");
        assertThat(after.exitCode()).as(after.toString()).isZero();
        assertThat(after.pid("is")).isPositive().isNotEqualTo(before.pid("is"));
        assertThat(after.pid("svg")).isEqualTo(before.pid("svg"));
        assertThat(after.pid("ps")).isEqualTo(before.pid("ps"));
        assertThat(after.pid("supervisor")).isEqualTo(before.pid("supervisor"));
        assertThat(ProcessHandle.of(before.pid("is"))).as("old is process").isEmpty();
        assertThat(system.get("/is/image/samples/tower.jpg?wid=100").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void aKilledImageServerIsRestartedAndServiceResumes() {
        assertKilledComponentComesBack("is");
        assertThat(system.get("/is/image/samples/tower.jpg?wid=120").statusCode()).isEqualTo(200);
        assertThat(system.logs()).contains("is exited unexpectedly with code 137 (killed by signal 9, SIGKILL)");
    }

    @Test
    @Order(9)
    void aKilledSvgServerIsRestarted() {
        assertKilledComponentComesBack("svg");
    }

    @Test
    @Order(10)
    void aHungImageServerIsRestartedBecauseAliveIsNotEnough() throws Exception {
        long hung = system.script("status").pid("is");
        new ProcessBuilder("kill", "-STOP", Long.toString(hung)).start().waitFor();

        await("a new Image Server replaced the hung one", Duration.ofSeconds(60), () -> {
            Run status = system.script("status");
            return status.exitCode() == 0 && status.pid("is") > 0 && status.pid("is") != hung;
        });

        assertThat(ProcessHandle.of(hung)).as("the hung process is gone").isEmpty();
        assertThat(system.logs()).contains("stopped answering its health probe (pid " + hung + ")");
        assertThat(system.get("/is/image/samples/tower.jpg?wid=90").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(11)
    void unknownCommandsAndComponentsPrintUsage() {
        Run unknownCommand = system.script("launch");
        assertThat(unknownCommand.exitCode()).isEqualTo(2);
        assertThat(unknownCommand.stderr()).contains("Usage:");

        Run unknownComponent = system.script("restart", "db");
        assertThat(unknownComponent.exitCode()).isEqualTo(2);
        assertThat(unknownComponent.stderr()).contains("unknown component 'db'", "Usage:");

        Run unknownStatus = system.script("status", "xx");
        assertThat(unknownStatus.exitCode()).isEqualTo(2);
    }

    private static void assertKilledComponentComesBack(String id) {
        Run before = system.script("status");
        long victim = before.pid(id);
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();

        await(id + " restarted with a new pid", Duration.ofSeconds(60), () -> {
            Run status = system.script("status", id);
            return status.exitCode() == 0 && status.pid(id) > 0 && status.pid(id) != victim;
        });
        Run after = system.script("status");
        assertThat(after.lines()).anySatisfy(l -> assertThat(l).startsWith(id + " ").doesNotContain("restarts=0"));
        assertThat(after.pid("ps")).isEqualTo(before.pid("ps"));
    }
}
