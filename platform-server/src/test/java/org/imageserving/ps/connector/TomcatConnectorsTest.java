package org.imageserving.ps.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.InstallFolder;
import org.imageserving.common.config.TomcatServerXml;
import org.imageserving.ps.health.HealthServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** server.xml connectors on a real embedded Tomcat, with real sockets and real TLS handshakes. */
class TomcatConnectorsTest {
    private static final String PASSWORD = "s3cret-pass";
    @TempDir
    Path root;
    private InstallFolder install;
    private Tomcat tomcat;
    private int httpPort;
    private int httpsPort;

    @BeforeEach
    void ports() throws IOException {
        install = new InstallFolder(root);
        Files.createDirectories(root.resolve("conf"));
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            httpPort = a.getLocalPort();
            httpsPort = b.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void withoutAttributesTheConnectorKeepsOurDefaults() throws Exception {
        Connector http = create("<Connector port=\"" + httpPort + "\" protocol=\"HTTP/1.1\"/>").get(0);
        start(List.of(http)); // Tomcat reports keep-alive as off until the socket is bound

        assertThat(http.getProperty("maxConnections")).isEqualTo(4096);
        assertThat(http.getProperty("maxKeepAliveRequests")).isEqualTo(1000);
        assertThat(http.getProperty("maxHttpHeaderSize")).as("a 16 KB URL and 8 KB of headers")
                .isEqualTo(org.imageserving.ps.http.RequestSizeValve.DEFAULT_MAX_HTTP_HEADER_SIZE).isEqualTo(24576);
        assertThat(http.getProperty("connectionTimeout")).isEqualTo(20000);
        assertThat(http.getProperty("server")).isEqualTo("ImageServing");
        assertThat(http.getURIEncoding()).isEqualTo("ISO-8859-1");
    }

    @Test
    void fileAttributesReachTheConnectorAndTheProtocolHandler() throws Exception {
        List<Connector> connectors = create("<Connector port=\"" + httpPort + "\" maxConnections=\"100\"\n"
                + "  maxThreads=\"7\" connectionTimeout=\"1234\" keepAliveTimeout=\"4321\" server=\"Edge\"\n"
                + "  compression=\"on\" compressionMinSize=\"1\" socket.appWriteBufSize=\"16384\"/>");
        Connector http = connectors.get(0);
        assertThat(http.getProperty("maxConnections")).isEqualTo(100);
        assertThat(http.getProperty("maxThreads")).isEqualTo(7);
        assertThat(http.getProperty("connectionTimeout")).isEqualTo(1234);
        assertThat(http.getProperty("keepAliveTimeout")).isEqualTo(4321);

        start(connectors);
        assertThat(http.getProperty("maxKeepAliveRequests")).as("untouched default").isEqualTo(1000);
        HttpResponse<byte[]> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/is/health")).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("Content-Encoding")).as("compression=on applied").hasValue("gzip");
        assertThat(reply.headers().firstValue("Server")).hasValue("Edge");
    }

    @Test
    void anUnknownAttributeStopsTheStartNamingFileAndLine() throws IOException {
        Path file = writeServerXml("<Connector port=\"" + httpPort + "\"\n  maxThread=\"10\"/>");
        TomcatServerXml server = TomcatServerXml.read(install);

        assertThatThrownBy(() -> TomcatConnectors.create(server, install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + 5 + ": ")
                .hasMessageContaining("maxThread=\"10\"");
    }

    @Test
    void anInvalidValueStopsTheStart() throws IOException {
        writeServerXml("<Connector port=\"" + httpPort + "\" maxThreads=\"many\"/>");
        TomcatServerXml server = TomcatServerXml.read(install);

        assertThatThrownBy(() -> TomcatConnectors.create(server, install))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxThreads=\"many\"");
    }

    @Test
    void anUnknownNestedElementIsRefusedAtItsLine() throws IOException {
        Path file = writeServerXml("<Connector port=\"" + httpPort + "\">\n  <Ssl/>\n</Connector>");
        TomcatServerXml server = TomcatServerXml.read(install);

        assertThatThrownBy(() -> TomcatConnectors.create(server, install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":5: ").hasMessageContaining("<Ssl>");
    }

    @Test
    void uriEncodingStaysWhatTheProtocolNeeds() throws IOException {
        Connector http = create("<Connector port=\"" + httpPort + "\" URIEncoding=\"UTF-8\""
                + " relaxedQueryChars=\"^\"/>").get(0);

        assertThat(http.getURIEncoding()).isEqualTo("ISO-8859-1");
        assertThat(String.valueOf(http.getProperty("relaxedQueryChars"))).contains("^", "{", "}", "|");
    }

    @Test
    void httpsWithTomcat9KeystoreAttributesOnTheConnector() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(root, PASSWORD);
        start(create(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\" scheme=\"https\""
                + " secure=\"true\" keystoreFile=\"keystore.p12\" keystorePass=\"" + PASSWORD + "\""
                + " maxThreads=\"20\"/>"));

        assertHttps(certificate.trustingClient());
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/is/health")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void httpsWithANestedSslHostConfig() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(root, PASSWORD);
        start(create(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\" scheme=\"https\" secure=\"true\">\n"
                + "  <SSLHostConfig protocols=\"TLSv1.2+TLSv1.3\">\n"
                + "    <Certificate certificateKeystoreFile=\"" + certificate.keystore() + "\""
                + " certificateKeystorePassword=\"" + PASSWORD + "\" type=\"RSA\"/>\n"
                + "  </SSLHostConfig>\n</Connector>"));

        assertHttps(certificate.trustingClient());
    }

    @Test
    void httpsWithPemFiles() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(root, PASSWORD);
        start(create(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\" scheme=\"https\""
                + " secure=\"true\" certificateFile=\"server.crt\" certificateKeyFile=\"server.key\"/>"));

        assertHttps(certificate.trustingClient());
    }

    @Test
    void anUpgradeProtocolElementEnablesHttp2() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(root, PASSWORD);
        start(create(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\" scheme=\"https\""
                + " certificateFile=\"server.crt\" certificateKeyFile=\"server.key\">\n"
                + "  <UpgradeProtocol className=\"org.apache.coyote.http2.Http2Protocol\" maxConcurrentStreams=\"50\"/>\n"
                + "</Connector>"));

        HttpClient client = HttpClient.newBuilder().sslContext(certificate.trustingClient())
                .version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
                + "/is/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void anUpgradeProtocolThatIsNoneIsRefused() throws IOException {
        Path file = writeServerXml("<Connector port=\"" + httpPort + "\">\n"
                + "  <UpgradeProtocol className=\"java.lang.String\"/>\n</Connector>");
        TomcatServerXml server = TomcatServerXml.read(install);

        assertThatThrownBy(() -> TomcatConnectors.create(server, install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":5: ").hasMessageContaining("java.lang.String");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
        SelfSignedCertificate.create(root, PASSWORD);
        start(create(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\" scheme=\"https\""
                + " certificateFile=\"server.crt\" certificateKeyFile=\"server.key\"/>"));

        HttpClient defaultTrust = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> defaultTrust.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
                + "/is/health")).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aMissingCertificateFileIsNamedWithItsLine() throws IOException {
        Path file = writeServerXml(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\"\n"
                + "  keystoreFile=\"conf/missing.p12\"/>");
        TomcatServerXml server = TomcatServerXml.read(install);

        assertThatThrownBy(() -> TomcatConnectors.create(server, install))
                .isInstanceOf(ConfigException.class)
                .as("the line of keystoreFile, below the <Connector> line and the HTTP connector's")
                .hasMessageStartingWith(file + ":6: ")
                .hasMessageContaining("keystoreFile=\"conf/missing.p12\"", root.resolve("conf/missing.p12").toString());
    }

    @Test
    void sslEnabledWithoutACertificateIsRefused() throws IOException {
        writeServerXml(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\" scheme=\"https\"/>");
        TomcatServerXml server = TomcatServerXml.read(install);

        assertThatThrownBy(() -> TomcatConnectors.create(server, install))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SSLEnabled=\"true\" but no certificate");
    }

    @Test
    void connectorAttributesAndANestedDefaultHostConflict() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(root, PASSWORD);
        writeServerXml(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\" keystoreFile=\"keystore.p12\">\n"
                + "  <SSLHostConfig><Certificate certificateKeystoreFile=\"" + certificate.keystore() + "\"/></SSLHostConfig>\n"
                + "</Connector>");
        TomcatServerXml server = TomcatServerXml.read(install);

        assertThatThrownBy(() -> TomcatConnectors.create(server, install))
                .isInstanceOf(ConfigException.class).hasMessageContaining("use one or the other");
    }

    @Test
    void aWrongKeystorePasswordFailsTheStart() throws Exception {
        SelfSignedCertificate.create(root, PASSWORD);
        List<Connector> connectors = create(http() + "<Connector port=\"" + httpsPort + "\" SSLEnabled=\"true\""
                + " keystoreFile=\"keystore.p12\" keystorePass=\"wrong\"/>");

        assertThatThrownBy(() -> start(connectors)).isInstanceOf(Exception.class);
    }

    private void assertHttps(SSLContext trusting) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
                + "/is/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).contains("\"status\":\"ok\"");
        assertThat(reply.sslSession()).isPresent();
    }

    private String http() {
        return "<Connector port=\"" + httpPort + "\" address=\"127.0.0.1\"/>\n";
    }

    private List<Connector> create(String connectors) throws IOException {
        writeServerXml(connectors);
        return TomcatConnectors.create(TomcatServerXml.read(install), install);
    }

    /** server.xml with the connectors starting on line 4. */
    private Path writeServerXml(String connectors) throws IOException {
        return Files.writeString(install.conf(TomcatServerXml.FILE_NAME), "<?xml version=\"1.0\"?>\n<Server>\n"
                + "<Service name=\"Catalina\">\n" + connectors + "\n</Service>\n</Server>\n", StandardCharsets.UTF_8);
    }

    private void start(List<Connector> connectors) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(root.resolve("tomcat").toString());
        tomcat.setConnector(connectors.get(0));
        connectors.subList(1, connectors.size()).forEach(tomcat.getService()::addConnector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "health", new HealthServlet());
        context.addServletMappingDecoded("/is/health", "health");
        tomcat.start();
    }
}
