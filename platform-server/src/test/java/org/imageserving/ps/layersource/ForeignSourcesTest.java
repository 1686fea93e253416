package org.imageserving.ps.layersource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
    HttpServer origin;
    String base;

    @BeforeEach
    void origin() throws Exception {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
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
}
