package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.imageserving.dist.ExternalTools.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/playlog replays a running system's own access log against it: every logged request reaches the Platform Server
 * again (its access log shows each twice) with the logged method, and the summary counts the answers.
 */
class PlaylogIT {
    private static final List<String> REQUESTS = List.of(
            "/is/image/samples/landscape.jpg?wid=200",
            "/is/image/samples/landscape.jpg?wid=300&fmt=png",
            "/is/image/samples/tower.jpg?hei=100",
            "/is/image/samples/no-such-image.jpg?wid=100");

    @TempDir
    static Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder.resolve("install"));
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void replaysTheAccessLogAgainstTheRunningServer() throws Exception {
        for (String request : REQUESTS) {
            system.get(request);
        }
        head("/is/image/samples/tiles.png?wid=50");
        await("the access log holds the five requests", Duration.ofSeconds(60), () -> count(accessLog(), "/is/image/samples/") >= 5);
        Path replay = Files.writeString(folder.resolve("replay.log"), accessLog());
        assertThat(Files.readAllLines(replay)).hasSize(5);

        Result playlog = ExternalTools.script("playlog",
                List.of(replay.toString(), "-p", "http://127.0.0.1:" + system.psPort + "/is", "-rate", "50", "-v"), folder);

        assertThat(playlog.exitCode()).as(playlog.toString()).isZero();
        assertThat(playlog.stdout()).contains("HEAD http://127.0.0.1:" + system.psPort + "/is/image/samples/tiles.png?wid=50")
                .contains("playlog: 5 requests in ").contains("statuses: 200 x4, 403 x1; 0 errors; 0 lines skipped");
        await("the Platform Server logs every replayed request", Duration.ofSeconds(60),
                () -> count(accessLog(), "/is/image/samples/") >= 10);
        String log = accessLog();
        for (String request : REQUESTS) {
            assertThat(count(log, " GET%20" + request + "%20HTTP/1.1 ")).as("%s in\n%s", request, log).isEqualTo(2);
        }
        assertThat(count(log, " HEAD%20/is/image/samples/tiles.png?wid=50%20HTTP/1.1 ")).as(log).isEqualTo(2);
    }

    private static void head(String pathAndQuery) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + system.psPort + pathAndQuery)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static String accessLog() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(system.root.resolve("logs"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("access-")).sorted().toList()) {
                all.append(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }
}
