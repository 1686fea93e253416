package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security review (docs/security.md) checked against the running system: what listens where (read from
 * /proc/net/tcp and tcp6 and the sockets each process of the installation holds), the control port's secret, the
 * {@code nosniff} header and no stack trace on every kind of reply, control bytes from a URL escaped in the logs,
 * and no secret (a keystore password) in any log.
 */
class SecurityIT {
    static final String KEYSTORE_PASSWORD = "ks-secret-7f3a91";
    static final String SIGNATURE_KEY = "sig-secret-0c55e2";
    @TempDir
    static Path folder;
    static TestInstallation system;
    static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        HttpsIT.keytool(system.root.resolve("conf/keystore.p12"), KEYSTORE_PASSWORD);
        try (ServerSocket socket = new ServerSocket(0)) {
            httpsPort = socket.getLocalPort();
        }
        String http = "<Connector port=\"" + system.psPort + "\" protocol=\"HTTP/1.1\"/>";
        system.edit("server.xml", Map.of(http, http + "\n    <Connector port=\"" + httpsPort + "\" protocol=\"HTTP/1.1\""
                + " SSLEnabled=\"true\" scheme=\"https\" secure=\"true\" keystoreFile=\"conf/keystore.p12\" keystorePass=\""
                + KEYSTORE_PASSWORD + "\"/>"));
        system.writeCatalog("signed.ini", "RootId=signed\nRootPath=samples\nSignatureKey=" + SIGNATURE_KEY + "\n");
        HostileFiles.write(system.root.resolve("static-content/page.txt"), "<html><script>alert(1)</script>\n");
        system.start();
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    /** A listening socket: the local address and port. */
    record Listener(String address, int port) {
        boolean loopback() {
            try {
                return InetAddress.getByName(address).isLoopbackAddress() || address.equals("::ffff:127.0.0.1");
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    @Test
    void onlyThePlatformServerListensBeyondLoopbackAndNothingListensThatIsNotDocumented() throws Exception {
        Map<String, Set<Listener>> byComponent = new HashMap<>();
        Map<Long, Listener> listening = listeningSockets();
        for (ProcessHandle process : system.processes()) {
            String command = process.info().commandLine().orElse("");
            String component = command.contains("SupervisorMain") ? "supervisor"
                    : command.contains("PlatformServerMain") ? "ps"
                    : command.contains("ImageServerMain") ? "is"
                    : command.contains("Svg") ? "svg" : command;
            byComponent.put(component, socketsOf(process.pid(), listening));
        }
        assertThat(byComponent).as("the processes of the installation").containsOnlyKeys("supervisor", "ps", "is", "svg");

        assertThat(byComponent.get("supervisor")).as("supervisor: the control port, on loopback only")
                .extracting(Listener::port).containsExactly(system.controlPort);
        assertThat(byComponent.get("is")).as("is: the internal port, on loopback only")
                .extracting(Listener::port).containsExactly(system.isPort);
        assertThat(byComponent.get("svg")).as("svg: the internal port, on loopback only")
                .extracting(Listener::port).containsExactly(system.svgPort);
        for (String internal : List.of("supervisor", "is", "svg")) {
            assertThat(byComponent.get(internal)).as(internal).allMatch(Listener::loopback);
        }
        // ps: the connectors of server.xml and nothing else (no shutdown port, no JMX, no debugger)
        assertThat(byComponent.get("ps")).extracting(Listener::port).containsExactlyInAnyOrder(system.psPort, httpsPort);
    }

    @Test
    void theControlPortRefusesACommandWithoutTheSecretAndTheSecretIsTheOwnersAlone() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), system.controlPort)) {
            socket.setSoTimeout(5_000);
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.println("AUTH 0000");
            out.println("stop");
            assertThat(in.readLine()).startsWith("ERR not authorized");
        }
        try (Stream<Path> files = Files.walk(system.root)) {
            Path secret = files.filter(f -> f.getFileName().toString().equals("supervisor.secret")).findFirst()
                    .orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        }
        assertThat(system.script("status").exitCode()).as("the owner's script still controls it").isZero();
        assertThat(system.processes()).hasSize(4);
    }

    @Test
    void everyKindOfReplyCarriesNosniffAndNoStackTrace() {
        for (String path : List.of("/is/image/samples/tower.jpg?wid=50", "/is/image/samples/tower.jpg?req=props",
                "/is/image/no/such/object?wid=50", "/is/image/samples/tower.jpg?wid=abc", "/is/content/page.txt",
                "/is/content/missing.txt", "/is/health", "/nowhere", "/is/image/a%0d%0aFORGED?wid=1",
                "/is/content/..%2f..%2fconf/server.xml", "/iiif/3/samples%2Ftower.jpg/info.json")) {
            for (HttpResponse<byte[]> response : List.of(system.get(path), system.head(path))) {
                assertThat(response.headers().firstValue("X-Content-Type-Options")).as("%s %d", path,
                        response.statusCode()).hasValue("nosniff");
                String body = TestInstallation.text(response);
                assertThat(body).as(path).doesNotContain("\tat ", "Exception", "stackTrace", "org.apache");
                assertThat(response.headers().firstValue("Server").orElse("ImageServing")).as(path)
                        .isEqualTo("ImageServing");
            }
        }
    }

    @Test
    void controlBytesFromAUrlAreEscapedInEveryLogAndNoSecretIsLogged() throws Exception {
        system.get("/is/image/samples/a%0d%0a2026-01-01%20FORGED%1b%5b31m?wid=10&x=%0d%0aFORGED%1b");
        system.get("/is/content/%0d%0aFORGED%1b%5d0;title%07.txt");
        // the raw bytes too, where the HTTP client would refuse them: Tomcat must refuse, and log nothing raw
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), system.psPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /is/image/a\u001b[31mFORGED HTTP/1.1\r\nHost: x\r\nReferer: r\u001b[2J\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        // a valid request line with control bytes in logged headers (Referer, User-Agent are in the access log pattern)
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), system.psPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /is/image/samples/tower.jpg?wid=12 HTTP/1.1\r\nHost: x\r\n"
                    + "Referer: http://r/FORGED\u001b]0;owned\u0007\r\nX-Forwarded-For: 1.2.3.4\u001b[2J\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).matches("(?s)HTTP/1.1 (200|400) .*");
        }
        system.get("/is/image/signed/tower.jpg?wid=20");
        system.get("/is/image/samples/tower.jpg?wid=20"); // the access log is written once a reply is done
        TestInstallation.await("the access log holds the request", java.time.Duration.ofSeconds(10),
                () -> logText().contains("FORGED"));
        String logs = logText();
        assertThat(logs).as("an escape byte in a log").doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(logs.lines()).as("a forged line").noneMatch(line -> line.startsWith("FORGED")
                || line.startsWith("2026-01-01 FORGED"));
        assertThat(logs).contains("%0d%0a2026-01-01%20FORGED%1b");
        assertThat(logs).as("the keystore password").doesNotContain(KEYSTORE_PASSWORD);
        assertThat(logs).as("the catalog's signature key").doesNotContain(SIGNATURE_KEY);
    }

    /** Every file under logs/ (the components' logs and the access log), as text. */
    static String logText() {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(system.root.resolve("logs"))) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    /** Socket inode → listener, from /proc/net/tcp and /proc/net/tcp6 (state 0A is LISTEN). */
    static Map<Long, Listener> listeningSockets() throws IOException {
        Map<Long, Listener> sockets = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split("\\s+");
                if (!f[3].equals("0A")) {
                    continue;
                }
                String[] local = f[1].split(":");
                sockets.put(Long.parseLong(f[9]), new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
            }
        }
        return sockets;
    }

    /** The kernel writes each 32-bit word of the address in host (little-endian) order. */
    static String address(String hex) throws UnknownHostException {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = raw[word + 3 - i];
            }
        }
        return InetAddress.getByAddress(address).getHostAddress();
    }

    static Set<Listener> socketsOf(long pid, Map<Long, Listener> listening) throws IOException {
        Set<Listener> found = new TreeSet<>(java.util.Comparator.comparing(Listener::port)
                .thenComparing(Listener::address));
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                if (target.startsWith("socket:[")) {
                    Listener listener = listening.get(Long.parseLong(target.substring(8, target.length() - 1)));
                    if (listener != null) {
                        found.add(listener);
                    }
                }
            }
        }
        return found;
    }
}
