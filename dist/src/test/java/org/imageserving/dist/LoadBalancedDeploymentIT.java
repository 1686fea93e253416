package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.imageserving.common.imaging.avif.LibheifProbe;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe of deploy/: three nodes, each the release archive unpacked into a folder of its own with its own ports
 * and started by its own {@code bin/ImageServing} with a Java runtime and a shell only on the {@code PATH} (no Maven),
 * behind HAProxy running the shipped configuration. All traffic stays on 127.0.0.1; {@code stop} must leave no
 * process of any node.
 */
class LoadBalancedDeploymentIT {
    /** Masters every node holds, as if on shared storage: enough paths for the hash to give each node a share. */
    private static final int MASTERS = 12;
    private static final String RENDERS = "imageserving_render_phase_duration_seconds_count{phase=\"decode\"}";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path folder;
    static final List<TestInstallation> nodes = new ArrayList<>();
    static Balancer balancer;

    @BeforeAll
    static void startNodesAndBalancer() throws Exception {
        Path javaOnly = ReleaseArchive.javaOnlyPath(folder.resolve("path"));
        for (int i = 1; i <= 3; i++) {
            TestInstallation node = TestInstallation.unpackRelease(folder.resolve("node" + i))
                    .withEnvironment("PATH", javaOnly.toString()).withEnvironment("JAVA_HOME", null);
            Path masters = Files.createDirectories(node.root.resolve("images/lb"));
            for (int m = 0; m < MASTERS; m++) {
                String sample = m % 2 == 0 ? "landscape.jpg" : "tower.jpg";
                Files.copy(node.root.resolve("images/samples/" + sample), masters.resolve("p" + m + ".jpg"));
            }
            nodes.add(node);
        }
        long began = System.nanoTime();
        inParallel(node -> {
            Run start = node.start();
            assertThat(start.stderr()).as("nothing built: %s", start).doesNotContain("Building", "mvn");
            assertThat(node.processes()).as("the unpacked folder is the install folder").isNotEmpty();
        });
        long nodesUp = System.nanoTime();
        balancer = Balancer.start(folder, nodes);
        System.out.printf("LoadBalancedDeploymentIT: three nodes started in %d ms, HAProxy saw them up %d ms later%n",
                (nodesUp - began) / 1_000_000, (System.nanoTime() - nodesUp) / 1_000_000);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (balancer != null) {
            balancer.close();
        }
        long stop = System.nanoTime();
        List<Run> stops = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> leftovers = new java.util.concurrent.CopyOnWriteArrayList<>();
        inParallel(node -> {
            stops.add(node.script("stop"));
            node.processes().forEach(p -> leftovers.add(node.root.getFileName() + " pid " + p.pid()));
            node.ports().stream().filter(port -> !TestInstallation.portFree(port))
                    .forEach(port -> leftovers.add(node.root.getFileName() + " port " + port));
            node.close(); // kills what stop left, before the assertions can fail
        });
        System.out.printf("LoadBalancedDeploymentIT: three nodes stopped in %d ms%n", (System.nanoTime() - stop) / 1_000_000);
        assertThat(stops).allSatisfy(run -> assertThat(run.exitCode()).as(run.toString()).isZero());
        assertThat(leftovers).as("processes and ports left after stop").isEmpty();
    }

    @Test
    void theShippedSamplesAreServedThroughTheBalancer() {
        HttpResponse<byte[]> image = throughBalancer("/is/image/samples/tower.jpg?wid=120");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(throughBalancer("/is/content/samples/index.html").statusCode()).as("the sample pages").isEqualTo(200);
        assertThat(throughBalancer("/is/content/samples/openseadragon/openseadragon.min.js").statusCode()).isEqualTo(200);
    }

    /**
     * A node answers /is/metrics to loopback, and HAProxy on the same host is loopback to it: the balancer refuses
     * those paths however they are spelled. Each spelling reaches the metrics when sent to a node directly.
     */
    @Test
    void theBalancerKeepsMetricsAndCacheFromItsClients() {
        for (String path : List.of("/is/metrics", "/is//metrics", "/is/./metrics", "/is/%6detrics", "/is;x=1/metrics",
                "/is/metrics;x=1", "/is/image/../metrics")) {
            HttpResponse<byte[]> direct = nodes.get(0).get(path);
            assertThat(direct.statusCode()).as("%s directly", path).isEqualTo(200);
            assertThat(TestInstallation.text(direct)).as(path).contains("imageserving_http_requests_total");
            assertThat(throughBalancer(path).statusCode()).as("%s through HAProxy", path).isEqualTo(403);
        }
        assertThat(throughBalancer("/is/cache/secondary/x").statusCode()).isEqualTo(403);
        assertThat(throughBalancer("/is/image/lb/p1.jpg?wid=50").statusCode()).as("images still pass").isEqualTo(200);
    }

    @Test
    void eachImageRendersOnOneNode() {
        String run = "&.lb=" + System.nanoTime(); // a comment: a fresh cache key, unrendered on every node
        List<Double> before = renders();
        int urls = 0;
        for (int m = 0; m < MASTERS; m++) {
            String url = "/is/image/lb/p" + m + ".jpg?wid=120" + run;
            urls++;
            // twice: a balancer that spread requests would send the second one to another node more often than not
            for (int i = 0; i < 2; i++) {
                assertThat(throughBalancer(url).statusCode()).as(url).isEqualTo(200);
            }
        }
        List<Double> after = renders();

        List<Double> rendered = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            rendered.add(after.get(n) - before.get(n));
        }
        // any spreading of one URL over the nodes would render it once on each node it reached
        assertThat(rendered.stream().mapToDouble(Double::doubleValue).sum()).as("renders per node %s", rendered)
                .isEqualTo(urls);
        assertThat(rendered.stream().filter(r -> r > 0).count()).as("nodes with renders: %s", rendered)
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aNodeKilledUnderLoadCostsNoRequestButThoseInFlightOnIt() throws Exception {
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        String run = "&.kill=" + System.nanoTime();
        kinds.put("render", n -> "/is/image/lb/p" + (n % MASTERS) + ".jpg?wid=" + (100 + n % 500) + run);
        kinds.put("hit", n -> "/is/image/lb/p" + (n % MASTERS) + ".jpg?wid=90" + run);
        List<Double> warmUpStart = renders();
        // one client of each kind: enough to have requests in flight at the kill, little enough for 2 cores to
        // restart the node beside three running ones
        Load load = new Load(balancer.port, Duration.ofSeconds(20), kinds, 1);
        long t0 = System.nanoTime();
        long killedAt;
        TestInstallation victim;
        List<Double> victimBack;
        try (load) {
            Thread.sleep(1_500);
            // the node with the most renders so far: the one whose loss costs the most
            List<Double> warmUp = renders();
            int busiest = 0;
            for (int n = 1; n < nodes.size(); n++) {
                if (warmUp.get(n) - warmUpStart.get(n) > warmUp.get(busiest) - warmUpStart.get(busiest)) {
                    busiest = n;
                }
            }
            assertThat(warmUp.get(busiest) - warmUpStart.get(busiest)).as("the victim has its share of the load").isPositive();
            victim = nodes.get(busiest);
            List<ProcessHandle> tree = victim.processes();
            assertThat(tree).as("supervisor, is, svg and ps").hasSizeGreaterThanOrEqualTo(4);

            killedAt = System.nanoTime();
            tree.forEach(ProcessHandle::destroyForcibly); // kill -9, supervisor and components alike
            for (ProcessHandle process : tree) {
                process.onExit().get();
            }
            Thread.sleep(2_000);
            assertThat(load.firstOkStartedAfter("render", killedAt)).as("renders go on without the node").isPresent();

            long restart = System.nanoTime();
            victim.start();
            long started = System.nanoTime();
            String name = "node" + (busiest + 1);
            await(name + " is up again in HAProxy", Duration.ofSeconds(30),
                    () -> "UP".equals(balancer.nodeStates().get(name)));
            long up = System.nanoTime();
            victimBack = renders();
            int victimIndex = busiest;
            await(name + " renders again", Duration.ofSeconds(15),
                    () -> renders().get(victimIndex) > victimBack.get(victimIndex));
            System.out.printf("LoadBalancedDeploymentIT: killed at %d ms, start took %d ms, HAProxy saw it up %d ms later,"
                    + " rendering again %d ms later; %s%n", (killedAt - t0) / 1_000_000, (started - restart) / 1_000_000,
                    (up - started) / 1_000_000, (System.nanoTime() - up) / 1_000_000, load.summary());
        }

        List<Load.Sample> failed = load.samples().stream().filter(s -> !s.ok()).toList();
        assertThat(load.completed("render")).as(load.summary()).isGreaterThan(20);
        assertThat(failed).as("failures other than requests in flight at the kill; %s", load.summary())
                .allSatisfy(s -> assertThat(s.start()).isLessThan(killedAt).isLessThan(s.end()));
        assertThat(failed.size()).as("at most one request per client; %s", load.summary()).isLessThanOrEqualTo(2);
    }

    /** Varnish as the CDN in front of HAProxy: it keeps what the nodes allow, per variant, and answers 304 itself. */
    @Test
    void aCdnInFrontKeepsWhatTheNodesAllow() throws Exception {
        String run = "&.cdn=" + System.nanoTime();
        try (Varnish cdn = Varnish.start(folder.resolve("varnish"), balancer.port)) {
            double before = imageRequests();

            String url = "/is/image/lb/p3.jpg?wid=77" + run;
            HttpResponse<byte[]> first = cdn.get(url);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Cache-Control").orElse("")).contains("max-age=36000");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> second = cdn.get(url);
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(Varnish.fromCache(second)).as("a hit: %s", second.headers().map()).isTrue();
            assertThat(second.body()).isEqualTo(first.body());
            assertThat(cdn.get(url, "If-None-Match", etag).statusCode()).isEqualTo(304);

            // bfc=on: AVIF where the nodes can write it, WebP, JPEG for the others, each variant fetched once
            String bfc = "/is/image/lb/p4.jpg?wid=78&bfc=on" + run;
            String modern = "image/avif,image/webp,*/*;q=0.8";
            String best = LibheifProbe.systemMissing().isEmpty() ? "image/avif" : "image/webp";
            assertThat(cdn.get(bfc, "Accept", modern).headers().firstValue("Content-Type")).hasValue(best);
            assertThat(cdn.get(bfc, "Accept", "image/webp,image/apng,*/*;q=0.8").headers().firstValue("Content-Type"))
                    .hasValue("image/webp");
            assertThat(cdn.get(bfc, "Accept", "image/png,*/*;q=0.5").headers().firstValue("Content-Type"))
                    .hasValue("image/jpeg");
            HttpResponse<byte[]> modernAgain = cdn.get(bfc, "Accept", "image/webp,image/avif");
            assertThat(modernAgain.headers().firstValue("Content-Type")).hasValue(best);
            assertThat(Varnish.fromCache(modernAgain)).isTrue();
            HttpResponse<byte[]> webpAgain = cdn.get(bfc, "Accept", "image/webp,*/*");
            assertThat(webpAgain.headers().firstValue("Content-Type")).hasValue("image/webp");
            assertThat(Varnish.fromCache(webpAgain)).isTrue();
            HttpResponse<byte[]> jpegAgain = cdn.get(bfc, "Accept", "text/html,*/*");
            assertThat(jpegAgain.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            assertThat(Varnish.fromCache(jpegAgain)).isTrue();

            // errors are no-store: every one reaches a node
            String missing = "/is/image/lb/missing.jpg?wid=79" + run;
            int status = cdn.get(missing).statusCode();
            assertThat(status).isGreaterThanOrEqualTo(400);
            assertThat(cdn.get(missing).statusCode()).isEqualTo(status);

            assertThat(cdn.get("/is/metrics").statusCode()).isEqualTo(403);
            assertThat(imageRequests() - before).as("one image, three variants and two errors reached the nodes")
                    .isEqualTo(6);
        }
    }

    /** Requests of the image context every node has answered, whatever their status. */
    private static double imageRequests() {
        double total = 0;
        String prefix = "imageserving_http_requests_total{context=\"image\"";
        for (TestInstallation node : nodes) {
            total += TestInstallation.text(node.get("/is/metrics")).lines().filter(l -> l.startsWith(prefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
        return total;
    }

    private static HttpResponse<byte[]> throughBalancer(String pathAndQuery) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + balancer.port + pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Renders each node's Image Server made so far, from the node's own {@code /is/metrics}. */
    private static List<Double> renders() {
        List<Double> renders = new ArrayList<>();
        for (TestInstallation node : nodes) {
            HttpResponse<byte[]> metrics = node.get("/is/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            renders.add(TestInstallation.text(metrics).lines().filter(l -> l.startsWith(RENDERS + " "))
                    .map(l -> Double.parseDouble(l.substring(RENDERS.length() + 1))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + RENDERS + " in /is/metrics")));
        }
        return renders;
    }

    private interface NodeAction {
        void apply(TestInstallation node) throws Exception;
    }

    /** The three nodes at once: their starts and stops are independent, and 2 cores start three JVMs faster together. */
    private static void inParallel(NodeAction action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (TestInstallation node : nodes) {
                done.add(pool.submit(() -> {
                    action.apply(node);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
