package org.imageserving.ps.layersource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.imageserving.ps.catalog.Catalog;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** src= parsing and foreign fetches against a real HTTP server on 127.0.0.1. */
class ForeignSourcesTest {
    private static final byte[] IMAGE = "\u0089PNG pretend image bytes".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    @TempDir
    Path folder;
    private static final SSLSocketFactory DEFAULT_TLS = (SSLSocketFactory) SSLSocketFactory.getDefault();
    HttpServer origin;
    String base;
    final List<String> hostHeaders = new CopyOnWriteArrayList<>();

    @BeforeEach
    void origin() throws Exception {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/pics/a.png", "/other/a.png" -> {
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, IMAGE.length);
                    exchange.getResponseBody().write(IMAGE);
                }
                case "/pics/moved.png" -> {
                    exchange.getResponseHeaders().set("Location", "/pics/a.png");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/pics/away.png" -> {
                    exchange.getResponseHeaders().set("Location", "http://localhost:1/pics/a.png");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/pics/bad-location.png" -> {
                    exchange.getResponseHeaders().set("Location", "http://h/a b|<>");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/pics/out.png" -> {
                    exchange.getResponseHeaders().set("Location", "/other/a.png");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/pics/page.html" -> {
                    exchange.getResponseHeaders().set("Content-Type", "text/html");
                    exchange.sendResponseHeaders(200, 4);
                    exchange.getResponseBody().write("<p/>".getBytes());
                }
                case "/pics/big.png" -> {
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, 0); // chunked: no length announced
                    exchange.getResponseBody().write(new byte[5000]);
                }
                case "/pics/slow.png" -> {
                    exchange.getResponseHeaders().set("Content-Type", "image/png");
                    exchange.sendResponseHeaders(200, 0);
                    try {
                        for (int i = 0; i < 40; i++) { // trickles a byte every 100 ms: never a read timeout
                            exchange.getResponseBody().write(1);
                            exchange.getResponseBody().flush();
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException | java.io.IOException e) {
                        // the client gave up: expected
                    }
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        origin.start();
        base = "http://127.0.0.1:" + origin.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        origin.stop(0);
    }

    private Catalog catalog(String attributes) throws Exception {
        Path dir = Files.createDirectories(folder.resolve("c" + System.nanoTime()));
        Files.writeString(dir.resolve("default.ini"), attributes);
        return new CatalogService(dir, Duration.ZERO).current().defaultCatalog();
    }

    private ForeignSources fetcher(boolean allowPrivate, long maxBytes, Duration timeout) {
        return new ForeignSources(maxBytes, timeout, allowPrivate, Clock.systemUTC());
    }

    @Test
    void srcValuesAreObjectsNestedRequestsOrUrlsInMatchedPairs() {
        assertThat(LayerSource.parse("cat/id")).isEqualTo(new LayerSource.ObjectName("cat/id"));
        assertThat(LayerSource.parse("is{cat/id?wid=30&src=is(x)}")).isEqualTo(new LayerSource.Nested("cat/id?wid=30&src=is(x)"));
        assertThat(LayerSource.parse("IS(?src=a&wid=3)")).isEqualTo(new LayerSource.Nested("?src=a&wid=3"));
        assertThat(LayerSource.parse("{http://h/a.png}")).isEqualTo(new LayerSource.Foreign("http://h/a.png"));
        assertThat(LayerSource.parse("(a/b.jpg)")).isEqualTo(new LayerSource.Foreign("a/b.jpg"));
        for (String bad : new String[] {"is{a", "is{a}b", "{a)", "is(a}", "a{b}", "ir{x}", "fxg(y)", "{}", "is( )"}) {
            assertThatThrownBy(() -> LayerSource.parse(bad)).as(bad).isInstanceOf(RequestException.class);
        }
    }

    @Test
    void foreignUrlsNeedAllowDirectUrlsOrRootUrlAndStayBelowRootUrl() throws Exception {
        Catalog closed = catalog("AllowDirectUrls=0\nRootUrl=\n");
        assertThatThrownBy(() -> ForeignSources.resolve(closed, base + "/pics/a.png")).hasMessageContaining("AllowDirectUrls");
        assertThatThrownBy(() -> ForeignSources.resolve(closed, "pics/a.png")).hasMessageContaining("RootUrl");

        Catalog direct = catalog("AllowDirectUrls=1\n");
        assertThat(ForeignSources.resolve(direct, base + "/pics/a.png").url()).isEqualTo(URI.create(base + "/pics/a.png"));
        for (String bad : new String[] {"file:///etc/passwd", "ftp://h/a.png", "jar:file:/x!/y", "http:///nohost",
                "http://user:pw@h/a.png"}) {
            assertThatThrownBy(() -> ForeignSources.resolve(direct, bad)).as(bad).isInstanceOf(RequestException.class);
        }

        Catalog rooted = catalog("RootUrl=" + base + "/pics\n");
        ForeignSources.Target target = ForeignSources.resolve(rooted, "a.png");
        assertThat(target.url()).isEqualTo(URI.create(base + "/pics/a.png"));
        assertThatThrownBy(() -> ForeignSources.resolve(rooted, "../other/a.png")).hasMessageContaining("leaves");
        assertThatThrownBy(() -> ForeignSources.resolve(rooted, "http://elsewhere/a.png"))
                .as("RootUrl alone does not allow absolute URLs").hasMessageContaining("AllowDirectUrls");
    }

    @Test
    void aFetchGetsTheImageFollowingRedirectsOnlyWhereAllowed() throws Exception {
        ForeignSources fetcher = fetcher(true, 1000, Duration.ofSeconds(5));
        Catalog rooted = catalog("RootUrl=" + base + "/pics/\n");
        assertThat(fetcher.fetch(ForeignSources.resolve(rooted, "a.png"))).isEqualTo(IMAGE);
        assertThat(fetcher.fetch(ForeignSources.resolve(rooted, "moved.png"))).isEqualTo(IMAGE);
        assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(rooted, "out.png")))
                .as("below RootUrl only").hasMessageContaining("redirects to");
        Catalog direct = catalog("AllowDirectUrls=1\n");
        assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(direct, base + "/pics/away.png")))
                .as("never to another host").hasMessageContaining("redirects to");
        assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(direct, base + "/pics/bad-location.png")))
                .isInstanceOf(RequestException.class).hasMessageContaining("malformed location");
        assertThatThrownBy(() -> ForeignSources.resolve(catalog("RootUrl=" + base + "/pics/\n"), "a b.png"))
                .isInstanceOf(RequestException.class).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(direct, base + "/pics/none.png")))
                .hasMessageContaining("answered 404");
        assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(direct, base + "/pics/page.html")))
                .hasMessageContaining("not a raster image");
        assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(direct, base + "/pics/big.png")))
                .hasMessageContaining("PS::foreignSource.maxSize");
    }

    @Test
    void aSlowOriginIsCutOffAtTheOverallTimeout() throws Exception {
        ForeignSources fetcher = fetcher(true, 1000, Duration.ofMillis(1500));
        Catalog direct = catalog("AllowDirectUrls=1\n");
        long started = System.nanoTime();
        assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(direct, base + "/pics/slow.png")))
                .hasMessageContaining("IS::RemoteUrlTimeout");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3500));
    }

    /** Headers trickled a line at a time (each within any read timeout) are cut off at the overall timeout too. */
    @Test
    void anOriginTricklingItsHeadersIsCutOffAtTheOverallTimeout() throws Exception {
        try (java.net.ServerSocket trickler = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (java.net.Socket client = trickler.accept()) {
                    java.io.OutputStream out = client.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n".getBytes());
                    for (int i = 0; i < 40; i++) {
                        out.write(("X-Slow-" + i + ": a\r\n").getBytes());
                        out.flush();
                        Thread.sleep(100);
                    }
                } catch (InterruptedException | java.io.IOException e) {
                    // the client gave up: expected
                }
            });
            server.start();
            ForeignSources fetcher = fetcher(true, 1000, Duration.ofMillis(1500));
            Catalog direct = catalog("AllowDirectUrls=1\n");
            long started = System.nanoTime();
            assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(direct,
                    "http://127.0.0.1:" + trickler.getLocalPort() + "/a.png")))
                    .hasMessageContaining("IS::RemoteUrlTimeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3500));
            server.join(10_000);
        }
    }

    @Test
    void internalAddressesAreRefusedUnlessAllowed() throws Exception {
        Catalog direct = catalog("AllowDirectUrls=1\n");
        assertThatThrownBy(() -> fetcher(false, 1000, Duration.ofSeconds(5))
                .fetch(ForeignSources.resolve(direct, base + "/pics/a.png")))
                .hasMessageContaining("internal address 127.0.0.1");
        for (String internal : new String[] {"127.0.0.1", "10.1.2.3", "192.168.0.1", "172.16.5.4", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "::1", "fd00::1", "fe80::1"}) {
            assertThat(ForeignSources.internal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        assertThat(ForeignSources.internal(InetAddress.getByName("93.184.216.34"))).isFalse();
    }

    /** A resolver that answers {@code first} once and {@code later} ever after: a rebinding DNS server. */
    private static final class Rebinding implements ForeignSources.Resolver {
        final AtomicInteger calls = new AtomicInteger();
        final String first;
        final String later;

        Rebinding(String first, String later) {
            this.first = first;
            this.later = later;
        }

        @Override
        public InetAddress[] resolve(String host) throws java.net.UnknownHostException {
            if (!host.equals("images.example")) {
                throw new java.net.UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(calls.getAndIncrement() == 0 ? first : later)};
        }
    }

    private ForeignSources fetcher(boolean allowPrivate, Duration timeout, ForeignSources.Resolver resolver,
                                   SSLSocketFactory tls) {
        return new ForeignSources(1000, timeout, allowPrivate, Clock.systemUTC(), resolver, tls);
    }

    /**
     * The name answers the origin's address once, then that of another server on the same port. The fetch must reach
     * the origin, the one address it resolved, and send the URL's own name as Host.
     */
    @Test
    void theConnectionGoesToTheAddressThatWasResolvedAndChecked() throws Exception {
        int port = origin.getAddress().getPort();
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port), 0);
        AtomicInteger reachedOther = new AtomicInteger();
        other.createContext("/", exchange -> {
            reachedOther.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, 5);
            exchange.getResponseBody().write("other".getBytes());
            exchange.close();
        });
        other.start();
        try {
            Rebinding dns = new Rebinding("127.0.0.1", "127.0.0.2");
            ForeignSources fetcher = fetcher(true, Duration.ofSeconds(5), dns, DEFAULT_TLS);
            Catalog direct = catalog("AllowDirectUrls=1\n");

            assertThat(fetcher.fetch(ForeignSources.resolve(direct, "http://images.example:" + port + "/pics/a.png")))
                    .isEqualTo(IMAGE);
            assertThat(dns.calls).hasValue(1);
            assertThat(reachedOther).hasValue(0);
            assertThat(hostHeaders).containsExactly("images.example:" + port);
        } finally {
            other.stop(0);
        }
    }

    /**
     * The classic rebinding attack: the name answers a public address for the check, then loopback, where an internal
     * service listens. The fetch may fail (the public address leads nowhere here), but must never reach loopback.
     */
    @Test
    void aNameThatRebindsToAnInternalAddressAfterTheCheckIsNeverReachedThere() throws Exception {
        int port = origin.getAddress().getPort();
        Rebinding dns = new Rebinding("203.0.113.7", "127.0.0.1"); // TEST-NET-3: public, unreachable
        ForeignSources fetcher = fetcher(false, Duration.ofMillis(800), dns, DEFAULT_TLS);
        Catalog direct = catalog("AllowDirectUrls=1\n");

        assertThatThrownBy(() -> fetcher.fetch(ForeignSources.resolve(direct,
                "http://images.example:" + port + "/pics/a.png")))
                .isInstanceOf(RequestException.class).hasMessageContaining("refused");
        assertThat(hostHeaders).as("requests that reached the loopback service").isEmpty();

        Rebinding internalFirst = new Rebinding("127.0.0.1", "203.0.113.7");
        assertThatThrownBy(() -> fetcher(false, Duration.ofMillis(800), internalFirst,
                DEFAULT_TLS)
                .fetch(ForeignSources.resolve(direct, "http://images.example:" + port + "/pics/a.png")))
                .hasMessageContaining("internal address 127.0.0.1");
        assertThat(hostHeaders).isEmpty();
    }

    /**
     * HTTPS to the pinned address still verifies the certificate against the URL's host name (sent as SNI), not
     * against the address: a certificate for another name is refused.
     */
    @Test
    void httpsToThePinnedAddressVerifiesTheCertificateForTheUrlsName() throws Exception {
        SSLContext server = tls("images.example");
        HttpsServer secure = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        secure.setHttpsConfigurator(new HttpsConfigurator(server));
        secure.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, 0); // chunked
            exchange.getResponseBody().write(IMAGE);
            exchange.close();
        });
        secure.start();
        try {
            int port = secure.getAddress().getPort();
            Catalog direct = catalog("AllowDirectUrls=1\n");
            SSLSocketFactory trusting = server.getSocketFactory(); // trusts the server's own certificate
            ForeignSources fetcher = fetcher(true, Duration.ofSeconds(5), new Rebinding("127.0.0.1", "127.0.0.2"),
                    trusting);
            assertThat(fetcher.fetch(ForeignSources.resolve(direct, "https://images.example:" + port + "/a.png")))
                    .isEqualTo(IMAGE);

            ForeignSources.Resolver otherName = host -> new InetAddress[] {InetAddress.getLoopbackAddress()};
            ForeignSources wrongName = new ForeignSources(1000, Duration.ofSeconds(5), true, Clock.systemUTC(),
                    otherName, trusting);
            assertThatThrownBy(() -> wrongName.fetch(ForeignSources.resolve(direct,
                    "https://cdn.example:" + port + "/a.png")))
                    .isInstanceOf(RequestException.class).hasMessageContaining("SSLHandshakeException");
        } finally {
            secure.stop(0);
        }
    }

    /** A key pair and self-signed certificate for {@code name} (by the JDK's keytool), trusted by the context too. */
    private SSLContext tls(String name) throws Exception {
        Path store = folder.resolve("tls.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "origin", "-keyalg", "EC",
                "-dname", "CN=" + name, "-ext", "SAN=dns:" + name, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        try (InputStream output = process.getInputStream()) {
            String text = new String(output.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(text).isZero();
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "secret".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "secret".toCharArray());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
