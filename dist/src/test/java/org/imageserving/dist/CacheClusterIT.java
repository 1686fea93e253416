package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;
import static org.imageserving.dist.TestInstallation.text;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.imageserving.dist.Load.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes of a cache cluster on loopback ports, each a whole installation in its own folder with the same
 * {@code PS::cacheCluster.hosts} (all three, each node skipping itself): a render made on one node is served by the
 * others without rendering it (renders counted per node by {@code /is/metrics}), and peers killed while a node is under
 * load cost it no failed request. The figures go to stdout and {@code dist/target/cache-cluster-figures.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CacheClusterIT {
    /**
     * The documented default of 50 ms is meant for a LAN of idle peers; twelve JVMs on 2 cores can take longer to
     * answer, and a peer that times out is (rightly) skipped, which would make the counts below a matter of luck.
     */
    static final int QUERY_TIMEOUT_MS = 2000;
    static final Duration REQUEST_BOUND = Duration.ofSeconds(10);
    static final int PEER_URLS = 12;

    @TempDir
    static Path folder;
    static TestInstallation a;
    static TestInstallation b;
    static TestInstallation c;
    static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        a = TestInstallation.create(Files.createDirectories(folder.resolve("a")));
        b = TestInstallation.create(Files.createDirectories(folder.resolve("b")));
        c = TestInstallation.create(Files.createDirectories(folder.resolve("c")));
        String hosts = List.of(a, b, c).stream().map(n -> "127.0.0.1:" + n.psPort).collect(Collectors.joining(";"));
        for (TestInstallation node : List.of(a, b, c)) {
            node.edit("PlatformServer.conf", Map.of("cacheCluster.hosts=\n", "cacheCluster.hosts=" + hosts + "\n",
                    "cacheCluster.queryTimeout=50", "cacheCluster.queryTimeout=" + QUERY_TIMEOUT_MS));
        }
        long started = System.nanoTime();
        // side by side: most of a start is waiting for JVMs and health probes, not CPU
        CompletableFuture.allOf(Stream.of(a, b, c).map(node -> CompletableFuture.runAsync(node::start))
                .toArray(CompletableFuture[]::new)).join();
        figures.add(String.format("three nodes started side by side in %d ms", (System.nanoTime() - started) / 1_000_000));
    }

    @AfterAll
    static void stop() throws Exception {
        figures.forEach(System.out::println);
        Path out = TestInstallation.CHECKOUT.resolve("dist/target/cache-cluster-figures.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, figures);
        for (TestInstallation node : new TestInstallation[] {a, b, c}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void aNodeServesWhatAnotherRenderedWithoutRenderingIt() {
        String url = "/is/image/samples/landscape.jpg?wid=231&.cluster=" + System.nanoTime();
        Map<String, Double> a0 = a.metrics();
        Map<String, Double> b0 = b.metrics();
        long renderStart = System.nanoTime();
        HttpResponse<byte[]> fromA = a.get(url);
        long renderMillis = (System.nanoTime() - renderStart) / 1_000_000;
        assertThat(fromA.statusCode()).isEqualTo(200);
        Map<String, Double> a1 = a.metrics();
        assertThat(delta(a0, a1, "imageserving_renders_total")).as("A rendered it").isEqualTo(1);
        assertThat(delta(a0, a1, "imageserving_cache_cluster_lookups_total{result=\"miss\"}"))
                .as("A asked B and C first").isEqualTo(1);

        long peerStart = System.nanoTime();
        HttpResponse<byte[]> fromB = b.get(url);
        long peerMillis = (System.nanoTime() - peerStart) / 1_000_000;
        assertThat(fromB.statusCode()).isEqualTo(200);
        Map<String, Double> a2 = a.metrics();
        Map<String, Double> b1 = b.metrics();
        assertThat(delta(b0, b1, "imageserving_renders_total")).as("B did not render it").isZero();
        assertThat(delta(b0, b1, "imageserving_cache_cluster_lookups_total{result=\"hit\"}")).isEqualTo(1);
        assertThat(delta(b0, b1, "imageserving_cache_cluster_peer_errors_total")).isZero();
        assertThat(delta(a1, a2, "imageserving_cache_cluster_lookups_total{result=\"hit\"}")
                + delta(a1, a2, "imageserving_cache_cluster_lookups_total{result=\"miss\"}"))
                .as("A answered B from its cache and asked nobody itself: no loop").isZero();
        assertThat(fromB.body()).isEqualTo(fromA.body());
        for (String header : List.of("ETag", "Content-Type", "Cache-Control")) {
            assertThat(fromB.headers().firstValue(header)).as(header).isEqualTo(fromA.headers().firstValue(header))
                    .isPresent();
        }

        // kept by B (PS::cacheCluster.updateLocalCache=true): the next request is a local hit, and validates
        HttpResponse<byte[]> again = b.get(url);
        Map<String, Double> b2 = b.metrics();
        assertThat(delta(b1, b2, "imageserving_response_cache_requests_total{result=\"hit\"}")).isEqualTo(1);
        assertThat(delta(b1, b2, "imageserving_cache_cluster_lookups_total{result=\"hit\"}")
                + delta(b1, b2, "imageserving_cache_cluster_lookups_total{result=\"miss\"}")).isZero();
        assertThat(again.body()).isEqualTo(fromA.body());
        assertThat(again.headers().firstValue("Last-Modified")).isEqualTo(fromB.headers().firstValue("Last-Modified"));
        String etag = fromB.headers().firstValue("ETag").orElseThrow();
        assertThat(b.get(url, "If-None-Match", etag).statusCode()).isEqualTo(304);

        // C never saw it either: one more node, one render in the whole cluster
        Map<String, Double> c0 = c.metrics();
        assertThat(c.get(url).body()).isEqualTo(fromA.body());
        assertThat(delta(c0, c.metrics(), "imageserving_renders_total")).isZero();
        assertThat(delta(a0, a.metrics(), "imageserving_renders_total")).as("still A's one render").isEqualTo(1);
        figures.add(String.format("a 231 px thumbnail: rendered on A in %d ms, served by B from A's cache in %d ms "
                + "(one request each, not a benchmark)", renderMillis, peerMillis));
    }

    @Test
    @Order(2)
    void aRequestTheClusterHasNotSeenIsRenderedOnceWhereItIsAsked() {
        String url = "/is/image/samples/landscape.jpg?wid=173&.cluster=" + System.nanoTime();
        Map<String, Double> c0 = c.metrics();
        assertThat(c.get(url).statusCode()).isEqualTo(200);
        Map<String, Double> c1 = c.metrics();
        assertThat(delta(c0, c1, "imageserving_renders_total")).isEqualTo(1);
        assertThat(delta(c0, c1, "imageserving_cache_cluster_lookups_total{result=\"miss\"}")).isEqualTo(1);
        assertThat(delta(c0, c1, "imageserving_cache_cluster_peer_errors_total")).isZero();
    }

    @Test
    @Order(3)
    void peersKilledUnderLoadCostNoFailedRequest() {
        // entries that only B has: A's requests for them are answered from B until B goes away
        long tag = System.nanoTime();
        IntFunction<String> onB = n -> "/is/image/samples/landscape.jpg?wid=" + (120 + n % PEER_URLS) + "&.b=" + tag;
        for (int n = 0; n < PEER_URLS; n++) {
            assertThat(b.get(onB.apply(n)).statusCode()).isEqualTo(200);
        }
        Map<String, Double> a0 = a.metrics();
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("fromPeer", onB);
        // misses everywhere: each asks both peers before rendering, so each meets whatever state they are in
        kinds.put("render", n -> "/is/image/samples/landscape.jpg?wid=" + (80 + n % 400) + "&.a=" + tag + "-" + n);
        long killedB;
        long killedC;
        try (Load load = new Load(a.psPort, REQUEST_BOUND, kinds, 1)) {
            await("A answers both kinds", REQUEST_BOUND, () -> load.completed("fromPeer") >= 3
                    && load.completed("render") >= 3);

            long bPs = b.script("status", "ps").pid("ps");
            assertThat(bPs).as("B's ps pid").isPositive();
            killedB = System.nanoTime();
            ProcessHandle.of(bPs).orElseThrow().destroyForcibly(); // kill -9; B's supervisor starts it again
            awaitRequestsAfter(load, killedB, 5);

            long cSupervisor = c.script("status").pid("supervisor");
            assertThat(cSupervisor).as("C's supervisor pid").isPositive();
            killedC = System.nanoTime();
            // the whole node, its supervisor first so that nothing starts the components again
            ProcessHandle.of(cSupervisor).orElseThrow().destroyForcibly();
            for (ProcessHandle process : c.processes()) {
                process.destroyForcibly();
            }
            awaitRequestsAfter(load, killedC, 8);
            load.close();

            List<Sample> failed = load.samples().stream().filter(s -> !s.ok()).toList();
            assertThat(failed).as("requests to A while its peers died").isEmpty();
            assertThat(load.samples()).allSatisfy(s -> assertThat(s.millis()).isLessThan(REQUEST_BOUND.toMillis()));
            Map<String, Double> a1 = a.metrics();
            double errors = delta(a0, a1, "imageserving_cache_cluster_peer_errors_total");
            double skipped = delta(a0, a1, "imageserving_cache_cluster_peers_skipped_total");
            assertThat(errors).as("A noticed the dead peers").isGreaterThanOrEqualTo(1);
            assertThat(delta(a0, a1, "imageserving_cache_cluster_lookups_total{result=\"hit\"}"))
                    .as("entries taken from B before it died").isPositive();
            long slowestAfterKill = load.samples().stream().filter(s -> s.end() > killedB)
                    .mapToLong(Sample::millis).max().orElse(0);
            figures.add(String.format("peers killed under load (B's ps, then all of C): %d requests to A, none failed;"
                    + " peer errors %.0f, peers skipped %.0f, slowest request after the first kill %d ms; %s",
                    load.samples().size(), errors, skipped, slowestAfterKill, load.summary()));
        }
        assertThat(text(a.get("/is/health"))).isNotBlank();
    }

    private static void awaitRequestsAfter(Load load, long nanoTime, int count) {
        await(count + " requests of each kind after the kill", REQUEST_BOUND.multipliedBy(3), () -> Stream.of(
                "fromPeer", "render").allMatch(kind -> load.samples(kind).stream()
                        .filter(s -> s.start() >= nanoTime).count() >= count));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertThat(after).as("the metrics have %s", sample).containsKey(sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }
}
