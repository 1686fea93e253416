package org.imageserving.tools.playlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** playlog against a small local HTTP server that records what it receives. */
class PlaylogCommandTest {
    @TempDir
    Path folder;
    HttpServer server;
    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    volatile CountDownLatch gate = new CountDownLatch(0);

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                gate.await(10, TimeUnit.SECONDS);
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + (body.isEmpty() ? "" : " body=" + body));
                int status = exchange.getRequestURI().getPath().contains("missing") ? 403
                        : exchange.getRequestURI().getPath().contains("crash") ? 500 : 200;
                byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : answer.length);
                if (!exchange.getRequestMethod().equals("HEAD")) {
                    exchange.getResponseBody().write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    record Run(int code, String stdout, String stderr) {
    }

    static Run playlog(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PlaylogCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String prefix() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/is";
    }

    @Test
    void replaysEveryRequestWithItsMethodAndSummarizes() throws Exception {
        Path log = Files.writeString(folder.resolve("access-2026-11-27.log"), String.join("\n",
                "127.0.0.1 - - [27/Nov/2026:15:20:01 +0000] \"GET /is/image/a.jpg?wid=200 HTTP/1.1\" 200 5123 12",
                "127.0.0.1 - - [27/Nov/2026:15:20:02 +0000] \"HEAD /is/image/b.jpg HTTP/1.1\" 200 - 3",
                "garbage line",
                "127.0.0.1 - - [27/Nov/2026:15:20:03 +0000] \"GET /is/image/missing.jpg HTTP/1.1\" 403 80 1",
                "127.0.0.1 - - [27/Nov/2026:15:20:04 +0000] \"POST /is/image/c.jpg?wid=10&hei=20 HTTP/1.1\" 200 99 2", ""));

        Run run = playlog(log.toString(), "-p", prefix(), "-v");

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(received).containsExactlyInAnyOrder("GET /is/image/a.jpg?wid=200", "HEAD /is/image/b.jpg",
                "GET /is/image/missing.jpg", "POST /is/image/c.jpg body=wid=10&hei=20");
        assertThat(run.stdout()).contains("GET " + prefix() + "/image/a.jpg?wid=200")
                .contains("playlog: 4 requests in ").contains("statuses: 200 x3, 403 x1; 0 errors; 1 lines skipped");
    }

    @Test
    void forcedMethodSuffixAndServerErrors() throws Exception {
        Path log = Files.writeString(folder.resolve("a.log"),
                "x \"HEAD /is/image/a.jpg HTTP/1.1\" 200\nx \"GET /is/image/crash.jpg?wid=1 HTTP/1.1\" 200\n");

        Run run = playlog(log.toString(), "-p", prefix(), "-r", "get", "-x", "playlog=1");

        assertThat(received).containsExactlyInAnyOrder("GET /is/image/a.jpg?playlog=1", "GET /is/image/crash.jpg?wid=1&playlog=1");
        assertThat(run.code()).as("a 500 answer fails the run").isEqualTo(1);
        assertThat(run.stdout()).contains("500 x1");
    }

    @Test
    void neverHasMoreRequestsInFlightThanTheBound() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            lines.append("x \"GET /is/image/i").append(i).append(".jpg HTTP/1.1\" 200\n");
        }
        Path log = Files.writeString(folder.resolve("many.log"), lines);
        gate = new CountDownLatch(1);
        Thread opener = new Thread(() -> {
            // let requests pile up against the bound before any is answered
            while (inFlight.get() < 3 && !Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            gate.countDown();
        });
        opener.start();

        Run run = playlog(log.toString(), "-p", prefix(), "-concurrency", "3", "-rate", "1000");

        opener.join(10_000);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(received).hasSize(12);
        assertThat(mostInFlight.get()).isEqualTo(3);
    }

    @Test
    void unreachableServerNoRequestsAndBadOptions() throws Exception {
        Path log = Files.writeString(folder.resolve("b.log"), "x \"GET /is/image/a.jpg HTTP/1.1\" 200\n");
        Path empty = Files.writeString(folder.resolve("empty.log"), "nothing here\n");
        server.stop(0);

        Run down = playlog(log.toString(), "-p", prefix());
        assertThat(down.code()).isEqualTo(1);
        assertThat(down.stdout()).contains("1 errors");
        assertThat(down.stderr()).contains("playlog: " + prefix() + "/image/a.jpg");

        Run none = playlog(empty.toString(), "-p", prefix());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.stderr()).contains("no request found");

        assertThat(playlog(log.toString(), "-r", "put").code()).isEqualTo(2);
        assertThat(playlog(log.toString(), "-rate", "0").code()).isEqualTo(2);
        assertThat(playlog(log.toString(), "-p", "ftp://x").code()).isEqualTo(2);
        Run help = playlog("-h");
        assertThat(help.code()).isZero();
        assertThat(help.stdout()).contains("playlog logFile [-n col]");
    }
}
