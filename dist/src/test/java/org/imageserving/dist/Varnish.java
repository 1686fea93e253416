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
import java.util.concurrent.TimeUnit;
import org.imageserving.testkit.DebianPackage;

/**
 * Varnish (Debian's package, installed at test time) running the shipped {@code deploy/varnish/default.vcl} as the
 * CDN stand-in, its backend moved to the test's HAProxy. In the foreground, without a jail (so it runs as the test's
 * user in the test's folders) and without a management port.
 */
final class Varnish implements AutoCloseable {
    static final Path SHIPPED_VCL = TestInstallation.CHECKOUT.resolve("deploy/varnish/default.vcl");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int port;
    private final Process process;
    private final Path log;

    private Varnish(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static Varnish start(Path folder, int backendPort) throws IOException, InterruptedException {
        Path varnishd = DebianPackage.require(Path.of("/usr/sbin/varnishd"), "varnish");
        String vcl = Files.readString(SHIPPED_VCL);
        assertThat(vcl).contains(".host = \"127.0.0.1\";", ".port = \"80\";");
        Path file = Files.writeString(Files.createDirectories(folder).resolve("default.vcl"),
                vcl.replace(".port = \"80\";", ".port = \"" + backendPort + "\";"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = folder.resolve("varnish.log");
        Process process = new ProcessBuilder(varnishd.toString(), "-F", "-j", "none", "-T", "none",
                "-a", "127.0.0.1:" + port, "-f", file.toString(), "-n", folder.resolve("work").toString(),
                "-s", "malloc,32m")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        Varnish varnish = new Varnish(port, process, log);
        try {
            TestInstallation.await("Varnish answers", Duration.ofSeconds(30), () -> {
                assertThat(process.isAlive()).as("varnishd runs: %s", varnish.log()).isTrue();
                try {
                    return varnish.get("/is/metrics").statusCode() == 403; // its own answer: no backend needed
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            varnish.close(); // the caller never gets it to close
            throw e;
        }
        return varnish;
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Varnish names two transactions in {@code X-Varnish} when it answered from its cache. */
    static boolean fromCache(HttpResponse<?> response) {
        return response.headers().firstValue("X-Varnish").orElse("").trim().split("\\s+").length == 2;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the manager, which stops its cache process; whichever of them is left after that is killed. */
    @Override
    public void close() throws InterruptedException {
        java.util.List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
