package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** server.xml connectors on the whole running system: HTTPS as an administrator sets it up, and a refused attribute. */
class HttpsIT {
    private static final String PASSWORD = "it-pass-42";
    private static final String HTTP_CONNECTOR = "<Connector port=\"%d\" protocol=\"HTTP/1.1\"/>";
    @TempDir
    Path folder;
    TestInstallation system;

    @BeforeEach
    void create() throws Exception {
        system = TestInstallation.create(folder);
    }

    @AfterEach
    void cleanUp() {
        system.close();
    }

    @Test
    void anImageIsServedOverHttpsWithTheKeystoreNamedInServerXml() throws Exception {
        Path keystore = keytool(system.root.resolve("conf/keystore.p12"), PASSWORD);
        int httpsPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            httpsPort = socket.getLocalPort();
        }
        String http = HTTP_CONNECTOR.formatted(system.psPort);
        system.edit("server.xml", Map.of(http, http + "\n    <Connector port=\"" + httpsPort + "\" protocol=\"HTTP/1.1\""
                + " SSLEnabled=\"true\" scheme=\"https\" secure=\"true\" maxThreads=\"50\"\n"
                + "               keystoreFile=\"conf/keystore.p12\" keystorePass=\"" + PASSWORD + "\"/>"));

        system.start();

        HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> image = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
                + "/is/image/samples/tower.jpg?wid=100")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.sslSession()).isPresent();
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(image.body()).startsWith(0xFF, 0xD8);
        assertThat(system.get("/is/image/samples/tower.jpg?wid=100").statusCode()).as("plain HTTP too").isEqualTo(200);
    }

    @Test
    void aMisspeltConnectorAttributeFailsTheStartNamingFileAndLine() throws Exception {
        String http = HTTP_CONNECTOR.formatted(system.psPort);
        system.edit("server.xml", Map.of(http, "<Connector port=\"" + system.psPort + "\" protocol=\"HTTP/1.1\"\n"
                + "               maxThread=\"10\"/>"));
        Path serverXml = system.root.resolve("conf/server.xml");
        List<String> lines = Files.readAllLines(serverXml);
        int line = lines.indexOf(lines.stream().filter(l -> l.contains("maxThread=")).findFirst().orElseThrow()) + 1;

        Run start = system.script("start");

        assertThat(start.exitCode()).as(start.toString()).isEqualTo(1);
        assertThat(start.stderr()).contains("component 'ps'", serverXml + ":" + line + ":", "maxThread=\"10\"");
        TestInstallation.await("every process ended", Duration.ofSeconds(30), () -> system.processes().isEmpty());
    }

    /** A self-signed PKCS12 keystore for localhost, store and key protected by {@code password}. */
    static Path keytool(Path keystore, String password) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "imageserving", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as(output).isTrue();
        return keystore;
    }

    /** A client that trusts the installation's self-signed certificate and nothing else. */
    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("imageserving", server.getCertificate("imageserving"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
