package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;
import static org.imageserving.dist.TestInstallation.text;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The response cache on disk through a running system: its size limit, crashes, damaged entries, orderly restarts. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResponseCacheIT {
    private static final long MAX_SIZE = 60_000;
    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        system.edit("PlatformServer.conf", Map.of("cache.maxSize=1073741824", "cache.maxSize=" + MAX_SIZE));
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    @Order(1)
    void theCacheStaysWithinMaxSizeEvictingTheLeastRecentlyUsed() throws Exception {
        long served = 0;
        for (int wid = 300; wid < 330; wid++) {
            HttpResponse<byte[]> response = system.get("/is/image/samples/landscape.jpg?wid=" + wid);
            assertThat(response.statusCode()).isEqualTo(200);
            served += response.body().length;
        }
        assertThat(served).as("the test renders more than the cache may keep").isGreaterThan(2 * MAX_SIZE);
        // evicted files are deleted a few seconds late, so that a hit still sending one finishes;
        // maxSize counts reply bytes, and each file adds a few hundred bytes of metadata
        await("evicted entries deleted", Duration.ofSeconds(20),
                () -> entryBytes() <= MAX_SIZE + entryFiles().size() * 1024L);
        assertThat(entryFiles().size()).as("entries kept").isBetween(2, 29);
        assertThat(system.get("/is/image/samples/landscape.jpg?wid=329&.probe=1").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aKilledPlatformServerLeavesNoEntryThatIsServedBroken() throws Exception {
        long ps = system.script("status").pid("ps");
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<String> urls = new ArrayList<>();
        for (int wid = 100; wid < 160; wid++) {
            urls.add("/is/image/samples/tower.jpg?wid=" + wid);
        }
        for (String url : urls) {
            clients.submit(() -> {
                try {
                    system.get(url);
                } catch (RuntimeException e) {
                    // the server was killed under this request: expected
                }
            });
        }
        await("some renders were cached", Duration.ofSeconds(60), () -> entryFiles().size() >= 5);
        ProcessHandle.of(ps).orElseThrow().destroyForcibly();
        clients.shutdown();
        assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        await("ps restarted", Duration.ofSeconds(60), () -> {
            Run status = system.script("status", "ps");
            return status.exitCode() == 0 && status.pid("ps") > 0 && status.pid("ps") != ps;
        });
        await("the index is rebuilt from the entry files", Duration.ofSeconds(30),
                () -> system.logs().contains("cache index rebuilt from the entry files"));

        for (String url : urls) {
            HttpResponse<byte[]> cached = system.get(url);
            HttpResponse<byte[]> fresh = system.get(url + "&cache=on,off");
            assertThat(cached.statusCode()).as(url + " " + text(cached)).isEqualTo(200);
            assertThat(cached.body()).as("%s: the served bytes equal a fresh render", url).isEqualTo(fresh.body());
        }
        assertThat(tempFiles()).as("no interrupted write is left behind").isEmpty();
    }

    @Test
    @Order(3)
    void aDamagedEntryIsRenderedAgainInsteadOfServed() throws Exception {
        String url = "/is/image/samples/tiles.png?wid=77&fmt=png";
        byte[] good = system.get(url).body();
        for (Path entry : entryFiles()) {
            byte[] bytes = Files.readAllBytes(entry);
            Files.write(entry, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        HttpResponse<byte[]> again = system.get(url);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(good);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(again.body()));
        assertThat(image.getWidth()).isEqualTo(77);
        assertThat(system.logs()).contains("is missing or damaged; it is removed and rendered again");
    }

    @Test
    @Order(4)
    void anOrderlyRestartKeepsTheIndex() {
        Run restart = system.script("restart", "ps");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(system.logs()).contains("cache index saved", "cache index loaded");
        assertThat(system.get("/is/image/samples/tiles.png?wid=77&fmt=png").statusCode()).isEqualTo(200);
    }

    private static long entryBytes() {
        long bytes = 0;
        for (Path entry : entryFiles()) {
            try {
                bytes += Files.size(entry);
            } catch (IOException e) {
                // deleted since it was listed
            }
        }
        return bytes;
    }

    private static List<Path> entryFiles() {
        return files(".entry");
    }

    private static List<Path> tempFiles() {
        return files(".tmp");
    }

    private static List<Path> files(String suffix) {
        try (Stream<Path> files = Files.walk(system.root.resolve("cache/is-response"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
