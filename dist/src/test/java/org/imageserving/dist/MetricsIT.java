package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.text;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /is/metrics} of a running system: the counters and histograms move by what the requests did. */
class MetricsIT {
    @TempDir
    static java.nio.file.Path folder;
    static TestInstallation system;

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    void requestsCacheResultsAndRenderPhasesAreCounted() {
        Map<String, Double> before = system.metrics();
        String unique = "&.metrics=" + System.nanoTime(); // a comment: part of the cache key
        String url = "/is/image/samples/landscape.jpg?wid=217" + unique;
        assertThat(system.get(url).statusCode()).isEqualTo(200); // a miss: rendered by the Image Server
        assertThat(system.get(url).statusCode()).isEqualTo(200); // the same request: a hit
        // answered by the Image Server through the cache too (a miss), without decoding pixels
        assertThat(system.get("/is/image/samples/landscape.jpg?req=imageprops" + unique).statusCode()).isEqualTo(200);
        assertThat(system.get("/is/image/samples/missing.jpg?wid=100").statusCode()).isEqualTo(403);
        assertThat(system.get("/is/image/samples/landscape.jpg?req=nosuchtype").statusCode()).isEqualTo(403);
        Map<String, Double> after = system.metrics();

        String img = "context=\"image\",req=\"img\"";
        assertThat(delta(before, after, "imageserving_http_requests_total{" + img + ",status=\"200\"}")).isEqualTo(2);
        assertThat(delta(before, after, "imageserving_http_requests_total{" + img + ",status=\"403\"}")).isEqualTo(1);
        assertThat(delta(before, after,
                "imageserving_http_requests_total{context=\"image\",req=\"imageprops\",status=\"200\"}")).isEqualTo(1);
        assertThat(delta(before, after, "imageserving_http_requests_total{context=\"image\",req=\"other\",status=\"403\"}"))
                .as("an unknown req= value is counted as other, never as its own label value").isEqualTo(1);
        assertThat(delta(before, after, "imageserving_http_request_duration_seconds_count{" + img + "}")).isEqualTo(3);
        assertThat(delta(before, after, "imageserving_http_request_duration_seconds_bucket{" + img + ",le=\"+Inf\"}"))
                .isEqualTo(3);
        assertThat(delta(before, after, "imageserving_http_request_duration_seconds_sum{" + img + "}")).isPositive();

        assertThat(delta(before, after, "imageserving_response_cache_requests_total{result=\"miss\"}")).isEqualTo(2);
        assertThat(delta(before, after, "imageserving_response_cache_requests_total{result=\"hit\"}")).isEqualTo(1);
        assertThat(after.get("imageserving_response_cache_entries")).isGreaterThanOrEqualTo(1);
        assertThat(after.get("imageserving_response_cache_size_bytes")).isGreaterThan(1000);
        assertThat(after.get("imageserving_response_cache_held_bytes")).as("the hit's small body, held in memory")
                .isGreaterThan(1000);
        assertThat(delta(before, after, "imageserving_request_plans_reused_total"))
                .as("the repeated request line; the others failed or were property requests").isEqualTo(1);

        // exactly one render decoded pixels: the miss (the hit, the properties and the errors did not)
        for (String phase : new String[] {"decode", "transform", "encode"}) {
            String labels = "{phase=\"" + phase + "\"}";
            assertThat(delta(before, after, "imageserving_render_phase_duration_seconds_count" + labels))
                    .as(phase).isEqualTo(1);
            assertThat(delta(before, after, "imageserving_render_phase_duration_seconds_sum" + labels))
                    .as(phase).isPositive().isLessThan(10);
        }
        assertThat(delta(before, after, "imageserving_image_server_request_duration_seconds_count")).isEqualTo(2);
    }

    @Test
    void theImageServersQueueAndMemoryAreReported() {
        Map<String, Double> metrics = system.metrics();
        assertThat(metrics.get("imageserving_image_server_up")).isEqualTo(1);
        assertThat(metrics.get("imageserving_image_server_queue_depth")).isZero();
        assertThat(metrics.get("imageserving_image_server_resident_memory_bytes")).isGreaterThan(20e6);
        assertThat(metrics.get("imageserving_image_server_heap_max_bytes"))
                .isGreaterThan(metrics.get("imageserving_image_server_heap_used_bytes")).isPositive();
        assertThat(metrics).containsKey("imageserving_image_server_buffer_pool_bytes");
        assertThat(metrics.get("jvm_memory_used_bytes{area=\"heap\"}")).as("ps's own JVM").isPositive();
    }

    /** The memory setting of the shipped is profile reaches the process (its resident size is what the gauge shows). */
    @Test
    void theImageServerRunsWithTheEnvironmentOfItsProfile() throws Exception {
        long pid = system.script("status").pid("is");
        assertThat(pid).isPositive();
        String environment = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/environ"));
        assertThat(environment.split("\0")).contains("MALLOC_ARENA_MAX=1");
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        HttpResponse<byte[]> response = system.get("/is/metrics", "Accept",
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(text(response)).contains("# TYPE imageserving_http_requests counter").endsWith("# EOF\n");
        HttpResponse<byte[]> plain = system.get("/is/metrics");
        assertThat(plain.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
                .startsWith("text/plain;version=0.0.4");
        assertThat(text(plain)).doesNotContain("# EOF");
    }

    /** The same port reached through the machine's own network address is not loopback: refused by default. */
    @Test
    void aClientOutsideLoopbackIsRefused() throws Exception {
        Optional<InetAddress> address = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> { try { return i.isUp() && !i.isLoopback(); } catch (Exception e) { return false; } })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()).findFirst();
        Assumptions.assumeTrue(address.isPresent(), "no non-loopback IPv4 address on this machine "
                + "(MetricsServletTest covers the refusal with a forwarded address)");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://" + address.get().getHostAddress() + ":" + system.psPort;
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/is/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(403);
        assertThat(metrics.body()).doesNotContain("imageserving_");
        HttpResponse<String> image = client.send(HttpRequest.newBuilder(URI.create(base + "/is/image/samples/tower.jpg?wid=50"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(image.statusCode()).as("images are served to that client").isEqualTo(200);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("scrape has %s", series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}
