package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A throw-away installation on spare ports, driven through the real {@code bin/ImageServing} of this checkout and
 * the distribution it built in {@code lib/}: the same script and processes a user gets.
 */
final class TestInstallation implements AutoCloseable {
    static final Path CHECKOUT = Path.of(System.getProperty("imageserving.installFolder", "..")).toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path root;
    final int controlPort;
    final int psPort;
    final int isPort;
    final int svgPort;

    /** The control script that drives this installation, and the distribution it runs (null: the script's own). */
    private final Path controlScript;
    private final Path lib;
    /** Variables set for (or, when null, removed from) the script's environment. */
    private final Map<String, String> environment = new LinkedHashMap<>();

    private TestInstallation(Path root, int[] ports, Path controlScript, Path lib) {
        this.root = root;
        this.controlPort = ports[0];
        this.psPort = ports[1];
        this.isPort = ports[2];
        this.svgPort = ports[3];
        this.controlScript = controlScript;
        this.lib = lib;
    }

    /** Copies conf/ and the sample images, moves every port to a free one and shortens the delays for tests. */
    static TestInstallation create(Path root) throws IOException {
        TestInstallation installation = new TestInstallation(root, freePorts(4), CHECKOUT.resolve("bin/ImageServing"),
                CHECKOUT.resolve("lib"));
        Path conf = Files.createDirectories(root.resolve("conf"));
        try (Stream<Path> files = Files.list(CHECKOUT.resolve("conf"))) {
            for (Path file : files.toList()) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        copyTree(CHECKOUT.resolve("images"), root.resolve("images"));
        copyTree(CHECKOUT.resolve("catalog"), root.resolve("catalog"));
        installation.moveToFreePorts();
        return installation;
    }

    /**
     * The release archive unpacked into {@code folder}, on free ports: driven by its own {@code bin/ImageServing},
     * which finds its install folder and {@code lib/} by itself, as an operator's copy does.
     */
    static TestInstallation unpackRelease(Path folder) throws IOException {
        Path root = ReleaseArchive.unpack(folder);
        TestInstallation installation = new TestInstallation(root, freePorts(4), root.resolve("bin/ImageServing"), null);
        installation.moveToFreePorts();
        return installation;
    }

    /** Sets a variable of the control script's environment, or removes it ({@code value} null). */
    TestInstallation withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    private void moveToFreePorts() throws IOException {
        int[] ports = {controlPort, psPort, isPort, svgPort};
        edit("SupervisorRegistry.xml", Map.of(
                "<tcpport>9910</tcpport>", "<tcpport>" + ports[0] + "</tcpport>",
                "<startDelay>5</startDelay>", "<startDelay>1</startDelay>",
                "<stopTimeout>60</stopTimeout>", "<stopTimeout>10</stopTimeout>",
                "<intervalMs>5000</intervalMs>", "<intervalMs>500</intervalMs>",
                "<timeoutMs>5000</timeoutMs>", "<timeoutMs>1000</timeoutMs>",
                "<tracestatsinterval>600</tracestatsinterval>", "<tracestatsinterval>5</tracestatsinterval>"));
        edit("ImageServerRegistry.xml", Map.of(
                "<TcpPort>27345</TcpPort>", "<TcpPort>" + ports[2] + "</TcpPort>",
                "<SVGTcpPort>27346</SVGTcpPort>", "<SVGTcpPort>" + ports[3] + "</SVGTcpPort>",
                "http://localhost:8080/", "http://localhost:" + ports[1] + "/",
                // a test machine's RAM share would be far more than these tests need
                "<PhysicalMemory>20</PhysicalMemory>", "<PhysicalMemory>10</PhysicalMemory>"));
        edit("PlatformServer.conf", Map.of(
                "isConnection.port=27345", "isConnection.port=" + ports[2],
                "svgProvider.port=8080", "svgProvider.port=" + ports[1]));
        edit("server.xml", Map.of("port=\"8080\"", "port=\"" + ports[1] + "\""));
        edit("svg.conf", Map.of("SVGRender.port=27346", "SVGRender.port=" + ports[3]));
        // catalog edits are seen within a fraction of a second instead of 10 + 5 s
        edit("catalog-service.conf", Map.of(
                "catalog.refreshInterval=10000", "catalog.refreshInterval=200",
                "catalog.modificationWaitTime=5000", "catalog.modificationWaitTime=100"));
    }

    void edit(String confFile, Map<String, String> replacements) throws IOException {
        Path file = root.resolve("conf").resolve(confFile);
        String text = Files.readString(file);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertThat(text).as("%s contains %s", confFile, r.getKey()).contains(r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        Files.writeString(file, text);
    }

    /** The outcome of one run of the control script. */
    record Run(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }

        /** The pid that {@code status} printed for one process ("supervisor", "is", ...), or -1. */
        long pid(String id) {
            return lines().stream().filter(l -> l.startsWith(id + " "))
                    .flatMap(l -> Arrays.stream(l.split("\\s+")))
                    .filter(w -> w.startsWith("pid=")).map(w -> w.substring(4))
                    .filter(w -> !w.equals("-")).mapToLong(Long::parseLong).findFirst().orElse(-1);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** {@code bin/ImageServing start}, which must succeed: the set-up of every test class that needs a running system. */
    Run start() {
        Run start = script("start");
        assertThat(start.exitCode()).as(start.toString()).isZero();
        return start;
    }

    Run script(String... args) {
        List<String> command = new ArrayList<>();
        command.add(controlScript.toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("script", ".out");
            Path err = Files.createTempFile("script", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (lib != null) {
                builder.environment().put("IMAGESERVING_HOME", root.toString());
                builder.environment().put("IMAGESERVING_LIB", lib.toString());
            }
            environment.forEach((name, value) -> {
                if (value == null) {
                    builder.environment().remove(name);
                } else {
                    builder.environment().put(name, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(200, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/ImageServing " + String.join(" ", args) + " did not return");
            }
            Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, headers);
    }

    /** {@code /is/metrics} in the text format, one sample per line: {@code name{labels} value}; comments skipped. */
    Map<String, Double> metrics() {
        HttpResponse<byte[]> response = get("/is/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : text(response).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    HttpResponse<byte[]> head(String pathAndQuery, String... headers) {
        return send("HEAD", pathAndQuery, headers);
    }

    HttpResponse<byte[]> postForm(String path, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + psPort + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A catalog file (attribute or data file) written into this installation's catalog folder. */
    /**
     * The shipped default catalog answers errors with their title only ({@code ErrorDetail=0}, for public servers);
     * tests that check what an error says switch the installation to the detailed level 2.
     */
    void showErrorDetails() throws IOException {
        Path defaults = root.resolve("catalog/default.ini");
        String text = Files.readString(defaults, StandardCharsets.UTF_8);
        assertThat(text).contains("ErrorDetail=0");
        Files.writeString(defaults, text.replace("ErrorDetail=0", "ErrorDetail=2"), StandardCharsets.UTF_8);
    }

    Path writeCatalog(String name, String content) throws IOException {
        return Files.writeString(root.resolve("catalog").resolve(name), content, StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + psPort + pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
            if (headers.length > 0) {
                request.headers(headers);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Every process of this installation: the supervisor and the components carry its folder on their command line. */
    List<ProcessHandle> processes() {
        String marker = "-Dimageserving.home=" + root;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(marker)).orElse(false))
                .toList();
    }

    List<Integer> ports() {
        return List.of(controlPort, psPort, isPort, svgPort);
    }

    static boolean portFree(int port) {
        for (InetAddress address : new InetAddress[] {InetAddress.getLoopbackAddress(), new InetSocketAddress(0).getAddress()}) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(address, port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    String logs() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(root.resolve("logs"))) {
            for (Path file : files.sorted().toList()) {
                all.append("=== ").append(file.getFileName()).append('\n').append(Files.readString(file));
            }
        } catch (IOException e) {
            all.append("(no logs: ").append(e.getMessage()).append(")");
        }
        return all.toString();
    }

    /** Stops the installation through the script, and as a last resort kills whatever is left of it. */
    @Override
    public void close() {
        script("stop");
        for (ProcessHandle leftover : processes()) {
            leftover.destroyForcibly();
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /** The pid of the supervisor and of each component, asserting that none of the components has restarted. */
    Map<String, Long> pidsWithoutRestarts() {
        Run status = script("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String id : List.of("supervisor", "is", "svg", "ps")) {
            pids.put(id, status.pid(id));
        }
        for (String component : List.of("is", "svg", "ps")) {
            assertThat(status.lines()).as("%s has not restarted", component)
                    .anyMatch(line -> line.startsWith(component + " ") && line.contains("running")
                            && line.contains("restarts=0"));
        }
        return pids;
    }

}
