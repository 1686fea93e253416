package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layer 0's source named by {@code src=}: nested {@code is{…}} requests rendered through the Platform Server's own
 * pipeline, and foreign images fetched from an origin on 127.0.0.1 (started here), through HTTP against a running
 * system.
 */
class NestedAndForeignSourcesIT {
    @TempDir
    static Path folder;
    static TestInstallation system;
    static HttpServer origin;
    static String base;
    static final AtomicInteger originHits = new AtomicInteger();
    static final byte[] HUGE = png(5000, 5000, 0x00FF00);

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.createContext("/", exchange -> {
            originHits.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type = "image/png";
            switch (path) {
                case "/pics/red.png" -> body = png(200, 100, 0xFF0000);
                case "/pics/blue.png" -> body = png(200, 100, 0x0000FF);
                case "/pics/huge.png" -> body = HUGE; // 25 MP: over IS::MaxNonDsfSize (4 here)
                case "/pics/heavy.png" -> body = new byte[4_000_000];       // over PS::foreignSource.maxSize
                case "/pics/page.html" -> {
                    body = "<html></html>".getBytes();
                    type = "text/html";
                }
                case "/pics/away.png" -> {
                    exchange.getResponseHeaders().set("Location", "http://localhost:9/pics/red.png");
                    exchange.sendResponseHeaders(302, -1);
                    exchange.close();
                    return;
                }
                default -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        origin.start();
        base = "http://127.0.0.1:" + origin.getAddress().getPort();
        // the origin of these tests is on loopback, which a production server refuses
        system.edit("PlatformServer.conf", Map.of(
                "foreignSource.allowPrivateAddresses=false", "foreignSource.allowPrivateAddresses=true",
                "foreignSource.maxSize=52428800", "foreignSource.maxSize=3000000"));
        system.edit("ImageServerRegistry.xml", Map.of("<MaxNonDsfSize>50</MaxNonDsfSize>", "<MaxNonDsfSize>4</MaxNonDsfSize>"));
        system.writeCatalog("web.ini", "RootId=web\nRootPath=samples\nAllowDirectUrls=1\n");
        system.writeCatalog("rooted.ini", "RootId=rooted\nRootUrl=" + base + "/pics/\n");
        system.writeCatalog("nest.ini", "RootId=nest\nCatalogFile=nest.txt\n");
        system.writeCatalog("nest.txt", "Id\tPath\tModifier\nthumb\tsamples/tiles.png\twid=64\n"
                + "sized\tsamples/tiles.png\twid=$w$\n");
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
        origin.stop(0);
    }

    private static byte[] png(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(rgb));
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The response of a raw HTTP/1.1 GET: the protocol's braces travel unencoded, which java.net.URI refuses. */
    record Raw(int statusCode, String contentType, byte[] body) {}

    private static Raw get(String pathAndQuery) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), system.psPort)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = socket.getInputStream().readAllBytes();
            int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(all, 0, end, StandardCharsets.ISO_8859_1);
            String type = head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(l -> l.substring(13).strip()).findFirst().orElse("");
            assertThat(head).as("replies carry their length").containsIgnoringCase("content-length:");
            return new Raw(Integer.parseInt(head.split(" ")[1]), type, Arrays.copyOfRange(all, end + 4, all.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of the response head");
    }

    private static String text(Raw response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static BufferedImage image(Raw response) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
            assertThat(image).as("a decodable image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage image(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(TestInstallation.text(response)).isEqualTo(200);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
            assertThat(image).as("a decodable image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    private static void assertRefused(String url, String... messageParts) {
        Raw response = get(url);
        assertThat(response.statusCode()).as(url + "\n" + text(response)).isEqualTo(403);
        assertThat(text(response)).as(url).startsWith("#S7Z ERROR").contains(messageParts);
    }

    private static String accessLog() {
        try (Stream<Path> files = Files.list(system.root.resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("access-")).sorted().toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- nested requests

    @Test
    void aNestedRequestIsRenderedThroughTheCatalogsAndBecomesLayerZero() {
        BufferedImage direct = image(system.get("/is/image/samples/tiles.png?wid=64&fmt=png"));
        BufferedImage nested = image(get("/is/image/samples/tower.jpg?src=is{samples/tiles.png?wid=64}&fmt=png"));
        assertThat(nested.getWidth()).as("the nested reply replaces tower.jpg").isEqualTo(64);
        assertThat(meanDifference(nested, direct)).isLessThan(1.0);
        BufferedImage record = image(get("/is/image?src=is{nest/thumb}&fmt=png"));
        assertThat(meanDifference(record, direct)).as("a catalog record inside, with its Modifier").isLessThan(1.0);
        assertThat(meanDifference(image(system.get("/is/image?src=is%7Bsamples/tiles.png?wid=64%26fmt=jpeg%7D&fmt=png")),
                direct)).as("braces may be %-encoded when what they hold is too").isLessThan(1.0);
        assertThat(image(get("/is/image?src=is(nest/thumb)&wid=32&fmt=png")).getHeight())
                .as("parentheses delimit too; the outer request scales the nested result").isEqualTo(24);

        BufferedImage ignored = image(get("/is/image?src=is{samples/tiles.png?wid=64&fmt=jpeg&qlt=1&bgc=ff0000}&fmt=png"));
        assertThat(meanDifference(ignored, direct)).as("fmt, qlt and bgc are ignored inside: the result is lossless")
                .isLessThan(1.0);
    }

    @Test
    void outerVariablesReachEveryNestingLevel() {
        assertThat(image(get("/is/image?$w=24&src=is{nest/sized}&fmt=png")).getWidth()).isEqualTo(24);
        assertThat(image(get("/is/image?$w=18&src=is{?src=is{nest/sized}}&fmt=png")).getWidth())
                .as("two levels down").isEqualTo(18);
    }

    @Test
    void nestingDeeperThanTenLevelsIsRefused() {
        String request = "samples/tiles.png?wid=20";
        for (int level = 1; level < 10; level++) {
            request = "?src=is{" + request + "}";
        }
        assertThat(image(get("/is/image?src=is{" + request + "}&fmt=png")).getWidth()).as("ten levels").isEqualTo(20);
        assertRefused("/is/image?src=is{?src=is{" + request + "}}&fmt=png", "nested deeper than 10 levels");
    }

    @Test
    void theCacheKeyHoldsTheNestedRequest() {
        String first = "/is/image/samples/tower.jpg?src=is{samples/tiles.png?wid=30}&fmt=png&.k=1";
        assertThat(image(get(first)).getWidth()).isEqualTo(30);
        assertThat(image(get(first.replace("wid=30", "wid=31"))).getWidth())
                .as("another nested request is another entry").isEqualTo(31);
        assertThat(image(get(first)).getWidth()).isEqualTo(30);
        await("the access log shows the reuse", Duration.ofSeconds(10), () -> accessLog().lines()
                .filter(l -> l.contains("wid=30") && l.contains(".k=1")).anyMatch(l -> l.contains(" REUSED ")));
    }

    @Test
    void brokenNestedRequestsAreUsageErrors() {
        assertRefused("/is/image?src=is{samples/none.png?wid=20}", "image not found: samples/none.png");
        assertRefused("/is/image?src=is{samples/tiles.png?wid=20&fmt=png", "do not match");
        assertRefused("/is/image?src=ir{render/x}", "Image Rendering");
        assertRefused("/is/image?src=fxg{x}", "FXG");
        assertRefused("/is/image?src=is{../conf/server.xml}", "invalid path element");
        assertRefused("/is/image?src=is{samples/tiles.png?wid=abc}", "wid");
    }

    // ---- foreign sources

    @Test
    void aForeignImageIsFetchedWhenTheCatalogAllowsDirectUrls() {
        BufferedImage red = image(get("/is/image/web/remote?src={" + base + "/pics/red.png}&wid=50&fmt=png"));
        assertThat(red.getWidth()).isEqualTo(50);
        assertThat(red.getHeight()).isEqualTo(25);
        assertThat(red.getRGB(25, 12) & 0xFFFFFF).isEqualTo(0xFF0000);
        BufferedImage blue = image(get("/is/image/web/remote?src={" + base + "/pics/blue.png}&wid=50&fmt=png"));
        assertThat(blue.getRGB(25, 12) & 0xFFFFFF).as("another URL is another cache entry").isEqualTo(0x0000FF);

        int hits = originHits.get();
        image(get("/is/image/web/remote?src={" + base + "/pics/red.png}&wid=50&fmt=png"));
        assertThat(originHits.get()).as("a cached reply does not fetch again").isEqualTo(hits);
    }

    @Test
    void layersAboveZeroTakeNestedAndForeignSourcesToo() {
        // a 100 x 50 blue layer (the nested request's result) in the middle of the 200 x 100 red foreign image
        BufferedImage out = image(get("/is/image/web/remote?src={" + base + "/pics/red.png}&fmt=png"
                + "&layer=1&src=is{web/remote?src={" + base + "/pics/blue.png}&wid=100}"));
        assertThat(out.getWidth()).isEqualTo(200);
        assertThat(out.getRGB(100, 50) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(out.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(out.getRGB(52, 27) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(out.getRGB(48, 23) & 0xFFFFFF).isEqualTo(0xFF0000);
        // a foreign image as layer 1 over a file: the same foreign-source rules apply
        BufferedImage over = image(get("/is/image/web/remote?src=samples/tiles.png&fmt=png&scl=1&layer=1"
                + "&src={" + base + "/pics/blue.png}&size=20,10&pos=0,0"));
        assertThat(over.getRGB(320, 240) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertRefused("/is/image/samples/tiles.png?layer=1&src={" + base + "/pics/red.png}", "AllowDirectUrls");
    }

    @Test
    void aNestedRequestWithCacheOnKeepsItsIntermediateResult() {
        String nested = "src=is{web/remote?src={" + base + "/pics/blue.png}%s}";
        // uncached (the default): every outer render renders the nested request again, which fetches again
        int before = originHits.get();
        image(get("/is/image/web/remote?" + String.format(nested, "&.u=1") + "&wid=40&fmt=png"));
        image(get("/is/image/web/remote?" + String.format(nested, "&.u=1") + "&wid=41&fmt=png"));
        assertThat(originHits.get() - before).isEqualTo(2);
        // cache=on inside: the second outer render takes the nested result from the response cache
        before = originHits.get();
        BufferedImage first = image(get("/is/image/web/remote?" + String.format(nested, "&cache=on") + "&wid=40&fmt=png"));
        BufferedImage second = image(get("/is/image/web/remote?" + String.format(nested, "&cache=on") + "&wid=41&fmt=png"));
        assertThat(originHits.get() - before).isEqualTo(1);
        assertThat(first.getRGB(20, 10) & 0xFFFFFF).isEqualTo(0x0000FF);
        assertThat(second.getWidth()).isEqualTo(41);
    }

    @Test
    void foreignImagesAreOffByDefaultAndRootUrlKeepsThemBelowIt() {
        int hits = originHits.get();
        assertRefused("/is/image/samples/x.jpg?src={" + base + "/pics/red.png}", "AllowDirectUrls");
        assertRefused("/is/image/samples/x.jpg?src={pics/red.png}", "RootUrl");
        assertThat(originHits.get()).as("nothing was fetched").isEqualTo(hits);

        assertThat(image(get("/is/image/rooted/any?src=(red.png)&wid=20&fmt=png")).getWidth()).isEqualTo(20);
        assertRefused("/is/image/rooted/any?src={../secret.png}", "leaves attribute::RootUrl");
        assertRefused("/is/image/rooted/any?src={" + base + "/pics/red.png}", "AllowDirectUrls");
    }

    @Test
    void hostileOrBrokenForeignSourcesAreRefusedWithTheReason() {
        for (List<String> c : List.of(
                List.of("/pics/away.png", "redirects to http://localhost:9/pics/red.png"),
                List.of("/pics/none.png", "answered 404"),
                List.of("/pics/page.html", "not a raster image"),
                List.of("/pics/heavy.png", "PS::foreignSource.maxSize"),
                List.of("/pics/huge.png", "IS::MaxNonDsfSize"))) {
            assertRefused("/is/image/web/remote?src={" + base + c.get(0) + "}&wid=20", c.get(1));
        }
        assertRefused("/is/image/web/remote?src={file:///etc/passwd}", "only http:// and https://");
        assertRefused("/is/image/web/remote?src={http://127.0.0.1:1/pics/red.png}", "ConnectException");
        assertThat(system.get("/is/image/samples/tower.jpg?wid=20").statusCode()).as("the server is fine").isEqualTo(200);
    }
}
