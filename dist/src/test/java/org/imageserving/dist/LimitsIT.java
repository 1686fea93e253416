package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits and back-pressure against one running system with small limits: one render thread and two places in the
 * Image Server's queue ({@code IS::WorkerThreads}, {@code IS::MaxQueuedRenders}), six requests from ps at the Image
 * Server ({@code PS::isConnection.maxRequests}) and a 5 s {@code PS::isConnection.readTimeout}. A burst beyond the
 * queue is answered 503 with {@code Retry-After} (never cached, in the access log) while cache hits and
 * {@code req=imageprops} are served; a stopped Image Server ({@code kill -STOP}) costs clean 503s within the timeouts,
 * never more than six of ps's threads, and nothing once it runs again; 200 slowloris connections and 50 clients that
 * never read do not keep a normal client from its image; an over-long URL is 414, over-long headers 431. Afterwards
 * every component still runs with the same pid.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsIT {
    static final int PS_MAX_REQUESTS = 6;
    static final int READ_TIMEOUT_MS = 5000;
    /** A cache hit or a header read must be answered within this, whatever the renders are doing. */
    static final long QUICK_MILLIS = 2000;
    static final String HIT = "/is/image/samples/tower.jpg?wid=120";

    @TempDir
    static Path folder;
    static TestInstallation system;
    static Map<String, Long> pidsBefore;
    static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        system.edit("ImageServerRegistry.xml", Map.of(
                "<WorkerThreads>0</WorkerThreads>", "<WorkerThreads>1</WorkerThreads>",
                "<MaxQueuedRenders>16</MaxQueuedRenders>", "<MaxQueuedRenders>2</MaxQueuedRenders>"));
        system.edit("PlatformServer.conf", Map.of(
                "isConnection.readTimeout=60000", "isConnection.readTimeout=" + READ_TIMEOUT_MS,
                "isConnection.maxRequests=64", "isConnection.maxRequests=" + PS_MAX_REQUESTS));
        // the Image Server is stopped on purpose for a few seconds: its liveness probe must not restart it meanwhile
        system.edit("SupervisorRegistry.xml", Map.of("<failures>3</failures>", "<failures>60</failures>"));
        byte[] big = new byte[8 << 20];
        new java.util.Random(17).nextBytes(big);
        Files.createDirectories(folder.resolve("static-content"));
        Files.write(folder.resolve("static-content/big.bin"), big);
        system.start();
        pidsBefore = system.pidsWithoutRestarts();
        // the first renders and header reads of a process load and compile their code: on a busy machine that can
        // take longer than the short PS::isConnection.readTimeout of this test, and is not what it measures
        for (String warmUp : List.of(HIT, "/is/image/samples/landscape.jpg?req=imageprops",
                "/is/image/samples/landscape.jpg?wid=1100&op_usm=1,2,1,0&qlt=95")) {
            TestInstallation.await("warmed up: " + warmUp, Duration.ofSeconds(90),
                    () -> system.get(warmUp).statusCode() == 200);
        }
        assertThat(system.get(HIT).statusCode()).as("a cache hit from now on").isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        figures.forEach(f -> System.out.println("LimitsIT: " + f));
        Path kept = TestInstallation.CHECKOUT.resolve("dist/target/limits-logs");
        if (Files.isDirectory(folder.resolve("logs"))) {
            Files.createDirectories(kept);
            try (var files = Files.list(folder.resolve("logs"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, kept.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void aBurstBeyondTheRenderQueueIs503WithRetryAfterWhileHitsAndPropertiesAreServed() throws Exception {
        int burst = 16;
        ExecutorService clients = Executors.newFixedThreadPool(burst);
        try {
            List<Future<HttpResponse<byte[]>>> renders = new ArrayList<>();
            for (int i = 0; i < burst; i++) {
                // distinct heavy renders: no two share a render or a cache entry
                String url = "/is/image/samples/landscape.jpg?wid=" + (1200 + i) + "&op_usm=1,2,1,0&qlt=95";
                renders.add(clients.submit(() -> system.get(url)));
            }
            long slowestHit = 0;
            long slowestProps = 0;
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                HttpResponse<byte[]> hit = system.get(HIT);
                slowestHit = Math.max(slowestHit, millisSince(started));
                assertThat(hit.statusCode()).isEqualTo(200);
                started = System.nanoTime();
                HttpResponse<byte[]> props = system.get("/is/image/samples/landscape.jpg?req=imageprops&.c=" + i
                        + System.nanoTime());
                slowestProps = Math.max(slowestProps, millisSince(started));
                assertThat(props.statusCode()).as(TestInstallation.text(props)).isEqualTo(200);
                assertThat(TestInstallation.text(props)).contains("image.width=1600");
            }
            int served = 0;
            List<HttpResponse<byte[]>> refused = new ArrayList<>();
            for (Future<HttpResponse<byte[]>> render : renders) {
                HttpResponse<byte[]> reply = render.get(60, TimeUnit.SECONDS);
                assertThat(reply.statusCode()).as(TestInstallation.text(reply)).isIn(200, 503);
                if (reply.statusCode() == 200) {
                    served++;
                } else {
                    refused.add(reply);
                }
            }
            figures.add(String.format("burst of %d heavy renders on 1 render thread: %d served, %d refused 503; "
                    + "meanwhile slowest cache hit %d ms, slowest req=imageprops %d ms", burst, served, refused.size(),
                    slowestHit, slowestProps));
            assertThat(served).as("renders within the queue are served").isPositive();
            assertThat(refused).as("renders beyond the queue are refused").isNotEmpty();
            for (HttpResponse<byte[]> reply : refused) {
                assertThat(reply.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
                assertThat(reply.headers().firstValue("Cache-Control")).hasValue("no-store");
                assertThat(TestInstallation.text(reply)).startsWith("#S7Z ERROR")
                        .contains("error.title=Service unavailable").containsAnyOf("IS::MaxQueuedRenders",
                                "IS::RenderQueueTimeout", "PS::isConnection.maxRequests");
            }
            assertThat(slowestHit).as("cache hits do not wait behind renders").isLessThan(QUICK_MILLIS);
            assertThat(slowestProps).as("req=imageprops does not wait behind renders").isLessThan(QUICK_MILLIS);
            // a refused request is not cached: asked again when the queue is empty, it is rendered
            String again = refused.get(0).request().uri().toString();
            HttpResponse<byte[]> later = system.get(again.substring(again.indexOf("/is/image")));
            assertThat(later.statusCode()).isEqualTo(200);
            assertThat(later.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            TestInstallation.await("the access log shows the 503s as ProcessingStatus 4", Duration.ofSeconds(10),
                    () -> accessLog().lines().anyMatch(l -> l.matches(".* 503 4 .*op_usm=1,2,1,0.*")));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(2)
    void anOverlongUrlIs414AndOverlongHeadersAre431() {
        Answer url = exchange(("GET /is/image/samples/tower.jpg?wid=100&.c=" + "x".repeat(17_000)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(url.status()).as(url.head()).isEqualTo(414);
        assertThat(url.text()).contains("error.title=Request too large");
        Answer headers = exchange(("GET /is/image/samples/tower.jpg?wid=100 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Cookie: " + "c".repeat(9_000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(headers.status()).as(headers.head()).isEqualTo(431);
        assertThat(headers.text()).contains("error.title=Request too large");
        Answer huge = exchange(("GET /is/image/samples/tower.jpg HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
                + "y".repeat(40_000) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(huge.status()).as("beyond the connector's maxHttpHeaderSize Tomcat itself refuses").isEqualTo(400);
        Answer longButAllowed = exchange(("GET /is/image/samples/tower.jpg?wid=100&.c=" + "x".repeat(12_000)
                + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(longButAllowed.status()).as("a 12 KB URL is served").isEqualTo(200);
        assertThat(url.head() + headers.head()).doesNotContain("Retry-After");
        figures.add("URL of 17 KB: " + url.status() + "; 9 KB cookie: " + headers.status() + "; 40 KB header: "
                + huge.status() + "; URL of 12 KB: " + longButAllowed.status());
    }

    @Test
    @Order(3)
    void slowlorisAndSlowReadersDoNotStarveANormalClient() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), system.psPort);
                socket.getOutputStream().write("GET /is/image/samples/tower.jpg?wid=".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            for (int i = 0; i < 50; i++) {
                Socket reader = new Socket();
                reader.setReceiveBufferSize(4096); // a client that reads nothing, or very little
                reader.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), system.psPort));
                reader.getOutputStream().write(("GET /is/content/big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(reader);
            }
            long slowest = 0;
            for (int round = 0; round < 6; round++) {
                // the slowloris clients send one more byte of their headers, as they do to stay open
                for (Socket socket : slow.subList(0, 200)) {
                    socket.getOutputStream().write('1');
                }
                long started = System.nanoTime();
                HttpResponse<byte[]> image = system.get("/is/image/samples/tower.jpg?wid=" + (90 + round));
                slowest = Math.max(slowest, millisSince(started));
                assertThat(image.statusCode()).isEqualTo(200);
                assertThat(image.body().length).isGreaterThan(1000);
                HttpResponse<byte[]> hit = system.get(HIT);
                assertThat(hit.statusCode()).isEqualTo(200);
                Thread.sleep(300);
            }
            figures.add("with 200 slowloris connections and 50 clients not reading 8 MB each: a normal client's"
                    + " slowest render " + slowest + " ms");
            assertThat(slowest).as("a normal client is served within the bound").isLessThan(5000);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    @Order(4)
    void aStoppedImageServerCostsClean503sAndABoundedNumberOfThreadsAndPsRecovers() throws Exception {
        long is = pidsBefore.get("is");
        long ps = pidsBefore.get("ps");
        int threadsBefore = threads(ps);
        int concurrent = 30;
        ExecutorService clients = Executors.newFixedThreadPool(concurrent);
        signal("-STOP", is);
        long stoppedAt = System.nanoTime();
        List<Future<Answer>> renders = new ArrayList<>();
        int maxThreads = threadsBefore;
        double maxInFlight = 0;
        long slowestHit = 0;
        try {
            for (int i = 0; i < concurrent; i++) {
                String url = "/is/image/samples/tower.jpg?wid=" + (300 + i) + "&.stopped=" + System.nanoTime();
                renders.add(clients.submit(() -> timed(url)));
            }
            while (millisSince(stoppedAt) < 6000) {
                long started = System.nanoTime();
                HttpResponse<byte[]> hit = system.get(HIT);
                slowestHit = Math.max(slowestHit, millisSince(started));
                assertThat(hit.statusCode()).as("cache hits are served while the Image Server is stopped").isEqualTo(200);
                maxThreads = Math.max(maxThreads, threads(ps));
                maxInFlight = Math.max(maxInFlight, metric("imageserving_image_server_requests_in_flight"));
                Thread.sleep(200);
            }
        } finally {
            signal("-CONT", is);
        }
        long slowestRefusal = 0;
        for (Future<Answer> render : renders) {
            Answer answer = render.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.text()).isEqualTo(503);
            assertThat(answer.text()).containsAnyOf("Image Server is not answering", "PS::isConnection.maxRequests");
            assertThat(answer.head().toLowerCase(java.util.Locale.ROOT)).contains("retry-after").contains("no-store");
            slowestRefusal = Math.max(slowestRefusal, answer.millis());
        }
        clients.shutdownNow();
        long recovered = System.nanoTime();
        TestInstallation.await("a new render succeeds", Duration.ofSeconds(20),
                () -> system.get("/is/image/samples/tower.jpg?wid=77&.after=" + System.nanoTime()).statusCode() == 200);
        long recoveryMillis = millisSince(recovered);
        figures.add(String.format("is stopped 6 s under %d concurrent misses: every miss 503 within %d ms, ps threads"
                        + " %d before, at most %d during; requests at is at most %.0f (PS::isConnection.maxRequests %d);"
                        + " slowest cache hit %d ms; a render succeeded %d ms after SIGCONT", concurrent, slowestRefusal,
                threadsBefore, maxThreads, maxInFlight, PS_MAX_REQUESTS, slowestHit, recoveryMillis));
        // each miss waits at most for a slot (connectTimeout, 2 s) and then for the answer (readTimeout)
        assertThat(slowestRefusal).as("a request to a stopped Image Server fails fast").isLessThan(2000 + READ_TIMEOUT_MS + 3000);
        assertThat(maxInFlight).as("ps never has more than PS::isConnection.maxRequests at the Image Server")
                .isLessThanOrEqualTo(PS_MAX_REQUESTS);
        assertThat(maxThreads).as("ps threads stay bounded: one per client at most, none piling up")
                .isLessThanOrEqualTo(threadsBefore + concurrent + 20);
        assertThat(slowestHit).isLessThan(QUICK_MILLIS);
    }

    @Test
    @Order(5)
    void everyComponentKeptItsPid() {
        assertThat(system.pidsWithoutRestarts()).isEqualTo(pidsBefore);
        assertThat(system.get("/is/image/samples/landscape.jpg?wid=200&.end=1").statusCode()).isEqualTo(200);
    }

    // ---- helpers

    static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill %s %d", signal, pid).isZero();
    }

    /** The process's threads, from /proc. */
    static int threads(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Threads:")).mapToInt(l -> Integer.parseInt(l.substring(8).strip()))
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double metric(String name) {
        String text = TestInstallation.text(system.get("/is/metrics"));
        return text.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(
                name.length() + 1).strip())).findFirst().orElseThrow(() -> new AssertionError("no " + name));
    }

    static String accessLog() {
        try (var files = Files.list(folder.resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("access-")).toList()) {
                all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
            return all.toString();
        } catch (IOException e) {
            return "";
        }
    }

    static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    record Answer(int status, String head, byte[] body, long millis) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Answer timed(String target) {
        long started = System.nanoTime();
        HttpResponse<byte[]> reply = system.get(target);
        return new Answer(reply.statusCode(), reply.headers().toString(), reply.body(), millisSince(started));
    }

    /** Raw bytes to ps and its whole answer (the request says Connection: close). */
    static Answer exchange(byte[] request) {
        long started = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), system.psPort)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                return new Answer(-1, text.substring(0, Math.min(200, text.length())), new byte[0], millisSince(started));
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end),
                    Arrays.copyOfRange(all, end + 4, all.length), millisSince(started));
        } catch (SocketTimeoutException e) {
            return new Answer(-2, "no answer (timed out)", new byte[0], millisSince(started));
        } catch (IOException e) {
            // Tomcat may reset a connection whose oversized request it did not read to the end
            return new Answer(-1, "connection failed: " + e, new byte[0], millisSince(started));
        }
    }
}
