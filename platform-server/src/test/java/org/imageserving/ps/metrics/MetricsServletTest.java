package org.imageserving.ps.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may read {@code /is/metrics}, on a real embedded Tomcat. The client address is set through Tomcat's own
 * {@link RemoteIpValve} (a trusted proxy on loopback forwarding for another address): that is what
 * {@code request.getRemoteAddr()} returns to the servlet, exactly as for a direct client.
 */
class MetricsServletTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @TempDir
    Path baseDir;
    private Tomcat tomcat;

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void loopbackOnlyByDefault() throws Exception {
        PsMetrics metrics = new PsMetrics();
        metrics.request("image", "IMG", 200, 5_000_000);
        int port = start(metrics, MetricsAccess.parse(""));
        HttpResponse<String> local = get(port, null);
        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.body())
                .contains("imageserving_http_requests_total{context=\"image\",req=\"img\",status=\"200\"} 1.0");
        HttpResponse<String> remote = get(port, "203.0.113.9");
        assertThat(remote.statusCode()).isEqualTo(403);
        assertThat(remote.body()).doesNotContain("imageserving_");
    }

    @Test
    void metricsAllowAdmitsTheListedNetworksOnly() throws Exception {
        int port = start(new PsMetrics(), MetricsAccess.parse("203.0.113.0/24, 2001:db8::/32"));
        assertThat(get(port, "203.0.113.9").statusCode()).isEqualTo(200);
        assertThat(get(port, "2001:db8::5").statusCode()).isEqualTo(200);
        assertThat(get(port, "198.51.100.1").statusCode()).isEqualTo(403);
        assertThat(get(port, null).statusCode()).as("loopback stays allowed").isEqualTo(200);
    }

    @Test
    void aRequestRelayedByAProxyOnLoopbackIsRefused() throws Exception {
        int port = start(new PsMetrics(), MetricsAccess.parse(""));
        HttpResponse<String> relayed = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/is/metrics"))
                .header("Forwarded", "for=203.0.113.9").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(relayed.statusCode()).isEqualTo(403);
        assertThat(relayed.body()).doesNotContain("imageserving_");
    }

    @Test
    void anEntryThatIsNoNetworkIsAnError() {
        assertThatThrownBy(() -> MetricsAccess.parse("monitoring.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitoring.example.com");
    }

    @Test
    void requestTypesAreABoundedSet() {
        assertThat(PsMetrics.requestType("IMG")).isEqualTo("img");
        assertThat(PsMetrics.requestType("STATIC")).isEqualTo("static");
        assertThat(PsMetrics.requestType("X" + System.nanoTime())).isEqualTo("other");
        assertThat(PsMetrics.requestType(null)).isEqualTo("none");
    }

    private int start(PsMetrics metrics, MetricsAccess access) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getEngine().getPipeline().addValve(new RemoteIpValve());
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "metrics", new MetricsServlet(metrics.registry(), access));
        context.addServletMappingDecoded("/is/metrics", "metrics");
        tomcat.start();
        return connector.getLocalPort();
    }

    private static HttpResponse<String> get(int port, String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/is/metrics"))
                .timeout(Duration.ofSeconds(10));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
