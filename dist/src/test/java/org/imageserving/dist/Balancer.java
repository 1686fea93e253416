package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imageserving.testkit.DebianPackage;

/**
 * HAProxy (Debian's package, installed at test time) running the shipped {@code deploy/haproxy/haproxy.cfg}, with
 * only its addresses moved to loopback: the listening port, the nodes' {@code TC::PsPort}s and the stats page.
 */
final class Balancer implements AutoCloseable {
    static final Path SHIPPED_CONFIG = TestInstallation.CHECKOUT.resolve("deploy/haproxy/haproxy.cfg");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int port;
    private final int statsPort;
    private final Process process;
    private final Path log;

    private Balancer(int port, int statsPort, Process process, Path log) {
        this.port = port;
        this.statsPort = statsPort;
        this.process = process;
        this.log = log;
    }

    /** Starts HAProxy in the foreground in front of {@code nodes} (node1, node2, ... in that order). */
    static Balancer start(Path folder, List<TestInstallation> nodes) throws IOException {
        Path haproxy = DebianPackage.require(Path.of("/usr/sbin/haproxy"), "haproxy");
        int port = freePort();
        int statsPort = freePort();
        String config = Files.readString(SHIPPED_CONFIG);
        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("bind :80\n", "bind 127.0.0.1:" + port + "\n");
        edits.put("bind 127.0.0.1:8404\n", "bind 127.0.0.1:" + statsPort + "\n");
        for (int i = 0; i < nodes.size(); i++) {
            edits.put("server node" + (i + 1) + " 192.0.2.1" + (i + 1) + ":8080\n",
                    "server node" + (i + 1) + " 127.0.0.1:" + nodes.get(i).psPort + "\n");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            // only root can switch to the haproxy user; everything else stays as shipped
            edits.put("    user haproxy\n    group haproxy\n", "");
        }
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            assertThat(config).as("haproxy.cfg contains %s", edit.getKey()).contains(edit.getKey());
            config = config.replace(edit.getKey(), edit.getValue());
        }
        Path file = Files.writeString(folder.resolve("haproxy.cfg"), config);
        Path log = folder.resolve("haproxy.log");
        Process process = new ProcessBuilder(haproxy.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Balancer balancer = new Balancer(port, statsPort, process, log);
        try {
            TestInstallation.await("HAProxy sees every node up", Duration.ofSeconds(30), () -> {
                assertThat(process.isAlive()).as("haproxy runs: %s", balancer.log()).isTrue();
                return balancer.nodeStates().values().stream().filter("UP"::equals).count() == nodes.size();
            });
        } catch (AssertionError e) {
            process.destroyForcibly(); // the caller never gets it to close
            throw e;
        }
        return balancer;
    }

    /** Each server's health as HAProxy sees it ("UP", "DOWN", "UP 1/2", ...), from the stats page's CSV. */
    Map<String, String> nodeStates() {
        Map<String, String> states = new LinkedHashMap<>();
        try {
            HttpResponse<String> csv = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/;csv"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : csv.body().split("\n")) {
                String[] fields = line.split(",", -1);
                // pxname, svname, ..., status is the 18th field
                if (fields.length > 17 && fields[0].equals("imageserving_nodes") && fields[1].startsWith("node")) {
                    states.put(fields[1], fields[17]);
                }
            }
        } catch (IOException e) {
            // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return states;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
