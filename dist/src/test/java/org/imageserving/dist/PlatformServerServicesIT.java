package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;
import static org.imageserving.dist.TestInstallation.text;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.imageserving.dist.TestInstallation.Run;
import org.imageserving.tools.ic.ConversionSettings;
import org.imageserving.tools.ic.PyramidConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Platform Server's services around rendering, through HTTP against a running system: redirect on error for
 * corrupt sources and static content, ErrorDetail 0 to 3, validation of cached PTIFF replies by their header date,
 * the {@code /is/cache} caching service, and the compiled catalog cache across restarts of ps.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformServerServicesIT {
    private static final int BIG_CATALOG_RECORDS = 20_000;
    @TempDir
    static Path folder;
    static TestInstallation system;
    /** The error-redirect server: a tiny 3 x 2 PNG for everything, except paths with "hangup", where it hangs up. */
    static HttpServer secondary;
    static final List<String> forwarded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        secondary = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        secondary.createContext("/", exchange -> {
            forwarded.add(exchange.getRequestURI().toString());
            if (exchange.getRequestURI().toString().contains("hangup")) {
                exchange.close(); // no status line: ps sees a failed exchange
                return;
            }
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), "png", png);
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.size());
            exchange.getResponseBody().write(png.toByteArray());
            exchange.close();
        });
        secondary.start();
        system.edit("PlatformServer.conf", Map.of("errorRedirect.rootUrl=",
                "errorRedirect.rootUrl=http://127.0.0.1:" + secondary.getAddress().getPort()));
        Path samples = system.root.resolve("images/samples");
        byte[] jpeg = Files.readAllBytes(samples.resolve("landscape.jpg"));
        Files.write(samples.resolve("broken.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.write(samples.resolve("hangup.jpg"), Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.writeString(samples.resolve("garbage.png"), "this is not a PNG at all\n".repeat(50));
        ptiff(samples.resolve("pyramid.tif"), Instant.parse("2026-01-02T03:04:05Z"), 900);
        Files.copy(samples.resolve("tiles.png"), samples.resolve("touched.png"));

        system.writeCatalog("dbg.ini", "RootId=dbg\nRootPath=samples\nErrorDetail=3\n");
        system.writeCatalog("stage.ini", "RootId=stage\nRootPath=samples\nErrorDetail=2\n");
        system.writeCatalog("pub.ini", "RootId=pub\nRootPath=samples\nErrorDetail=1\n");
        system.writeCatalog("errimg.ini", "RootId=errimg\nRootPath=samples\nErrorImage=samples/tiles.png\nErrorDetail=2\n");
        StringBuilder big = new StringBuilder("Id\tPath\tModifier\tUserData\n");
        for (int i = 0; i < BIG_CATALOG_RECORDS; i++) {
            big.append("item").append(i).append("\tsamples/tower.jpg\twid=").append(10 + i % 50)
               .append("\tn=").append(i).append('\n');
        }
        system.writeCatalog("big.txt", big.toString());
        system.writeCatalog("big.ini", "RootId=big\nCatalogFile=big.txt\nErrorDetail=2\n");
        cmykJpeg(samples.resolve("cmyk.jpg"));
        ImageIO.write(new BufferedImage(30, 20, BufferedImage.TYPE_BYTE_GRAY), "jpg", samples.resolve("gray.jpg").toFile());
        system.writeCatalog("props.txt", "Id\tPath\tAnchor\tModifier\nanchored\tsamples/gray.jpg\t5,6\top_invert=1\n");
        system.writeCatalog("props.ini", "RootId=props\nCatalogFile=props.txt\nExpiration=3\n"
                + "PrintResolution=150\nPublishInfo=Mary's <catalog> & \"co\"\n");
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
        secondary.stop(0);
    }

    private static void ptiff(Path target, Instant converted, int width) throws Exception {
        BufferedImage image = new BufferedImage(width, 700, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, ((x / 30) % 2 == (y / 30) % 2) ? 0xC03020 : 0x20A0E0);
            }
        }
        Path png = Files.createTempFile(folder, "ptiff-source", ".png");
        ImageIO.write(image, "png", png.toFile());
        Path temp = Files.createTempFile(folder, "ptiff", ".tif");
        new PyramidConverter(ConversionSettings.defaults(), Clock.fixed(converted, ZoneOffset.UTC))
                .convert(png, temp, line -> {});
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static BufferedImage image(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
            assertThat(image).as("a decodable image").isNotNull();
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The access-log line of the last request whose request line contains {@code marker}, once it is written. */
    private static String logLine(String marker) {
        await("the access log has " + marker, Duration.ofSeconds(10),
                () -> accessLog().lines().anyMatch(l -> l.contains(marker)));
        List<String> lines = accessLog().lines().filter(l -> l.contains(marker)).toList();
        return lines.get(lines.size() - 1);
    }

    // ---- redirect on error

    @Test
    @Order(1)
    void aCorruptSourceIsFetchedFromTheErrorRedirectServerWhetherOrNotACatalogNamesIt() {
        for (String url : List.of("/is/image/samples/broken.jpg?wid=50&.t=1", "/is/image/samples/garbage.png?wid=40",
                "/is/image/stage/broken.jpg?wid=30&fmt=png")) {
            int before = forwarded.size();
            BufferedImage relayed = image(system.get(url));
            assertThat(relayed.getWidth()).as("%s: the secondary server's reply", url).isEqualTo(3);
            assertThat(forwarded.subList(before, forwarded.size())).as("forwarded as requested").containsExactly(url);
            assertThat(logLine(url.substring(url.indexOf("/is/")))).contains(" REMOTE ");
        }
        int before = forwarded.size();
        image(system.get("/is/image/samples/broken.jpg?wid=50&.t=1"));
        assertThat(forwarded).as("a redirected reply is not cached").hasSize(before + 1);

        assertThat(image(system.get("/is/image/samples/tower.jpg?wid=20")).getWidth()).as("sound sources render here")
                .isEqualTo(20);
        HttpResponse<byte[]> usage = system.get("/is/image/samples/tower.jpg?wid=abc");
        assertThat(usage.statusCode()).as("other errors are not redirected").isEqualTo(403);
        assertThat(forwarded).hasSize(before + 1);
    }

    @Test
    @Order(1)
    void whenTheErrorRedirectServerFailsTheClientGetsThePlainErrorEvenWithAnErrorImage() {
        HttpResponse<byte[]> response = system.get("/is/image/errimg/hangup.jpg?wid=20");
        assertThat(forwarded).contains("/is/image/errimg/hangup.jpg?wid=20");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(text(response)).startsWith("#S7Z ERROR\n").contains("corrupt or truncated image hangup.jpg",
                "the error-redirect server did not answer");
        HttpResponse<byte[]> notInCatalog = system.get("/is/image/errimg/absent.jpg?wid=20");
        assertThat(image(notInCatalog).getWidth()).as("an image in no catalog is not redirected: the error image")
                .isEqualTo(400);
    }

    @Test
    @Order(1)
    void missingStaticContentIsFetchedFromTheErrorRedirectServer() {
        HttpResponse<byte[]> relayed = system.get("/is/content/docs/missing.css?v=2");
        assertThat(relayed.statusCode()).isEqualTo(200);
        assertThat(relayed.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(forwarded).contains("/is/content/docs/missing.css?v=2");
        assertThat(logLine("/is/content/docs/missing.css")).contains(" REMOTE ");
        int before = forwarded.size();
        assertThat(system.get("/is/content/docs/%2E%2E/%2E%2E/conf/server.xml").statusCode())
                .as("a path that leaves the roots is refused (by Tomcat or by us), not redirected").isIn(400, 403, 404);
        HttpResponse<byte[]> outside = system.get("/is/content/docs/..%2F..%2Fconf%2Fserver.xml");
        assertThat(outside.statusCode()).as("a path the servlet refuses is not redirected").isEqualTo(403);
        assertThat(text(outside)).startsWith("#S7Z ERROR").doesNotContain("<Server");
        assertThat(system.get("/is/content/docs/missing.css?req=exists").statusCode()).isEqualTo(200);
        assertThat(forwarded).hasSize(before);
    }

    // ---- ErrorDetail

    @Test
    @Order(1)
    void errorDetailThreeAddsTheStackTraceAndLowerLevelsNeverShowIt() {
        HttpResponse<byte[]> fromImageServer = system.get("/is/image/dbg/tower.jpg?wid=abc");
        assertThat(fromImageServer.statusCode()).isEqualTo(403);
        String body = text(fromImageServer);
        assertThat(body).startsWith("#S7Z ERROR\nerror.title=Invalid request\nerror.message=");
        Matcher trace = Pattern.compile("(?m)^error\\.stackTrace=(.*)$").matcher(body);
        assertThat(trace.find()).as(body).isTrue();
        assertThat(trace.group(1)).as("one property line, the Image Server's trace escaped")
                .contains("RenderException", "\\n\\tat org.imageserving.is.");
        assertThat(body.lines().count()).isEqualTo(4);

        String fromPlatformServer = text(system.get("/is/image/dbg/nothing.jpg"));
        assertThat(fromPlatformServer).contains("error.message=image not found: samples/nothing.jpg",
                "error.stackTrace=org.imageserving.ps.http.RequestException: image not found",
                "\\n\\tat org.imageserving.ps.");

        String json = text(system.get("/is/image/dbg/tower.jpg?req=props,json&wid=abc"));
        assertThat(json).contains("error.stackTrace", "RenderException");

        String staging = text(system.get("/is/image/stage/tower.jpg?wid=abc"));
        assertThat(staging).contains("error.message=").doesNotContain("stackTrace", "\tat ");
        for (String quiet : List.of(text(system.get("/is/image/pub/tower.jpg?wid=abc")),
                text(system.get("/is/image/pub/nothing.jpg")), text(system.get("/is/image/samples/nothing.jpg")),
                text(system.get("/is/image/pub/tower.jpg?req=props,xml&wid=abc")))) {
            assertThat(quiet).as("levels 0 and 1: the title only").doesNotContain("error.message", "stackTrace",
                    "samples/", system.root.toString(), "org.imageserving");
        }
    }

    // ---- PTIFF header date

    @Test
    @Order(2)
    void cachedPyramidRepliesAreValidatedByTheHeaderDateOtherSourcesByTheFileTime() throws Exception {
        BufferedImage first = image(system.get("/is/image/samples/pyramid.tif?wid=90&fmt=png"));
        assertThat(first.getHeight()).isEqualTo(70);
        Path pyramid = system.root.resolve("images/samples/pyramid.tif");
        Files.setLastModifiedTime(pyramid, FileTime.from(Instant.now().plusSeconds(3600)));
        image(system.get("/is/image/samples/pyramid.tif?wid=90&fmt=png&cache=on,validate"));
        assertThat(logLine("pyramid.tif?wid=90&fmt=png&cache=on,validate"))
                .as("a new file time, the same header date: still valid").contains(" VALIDATED ");

        // the control: a PNG is validated by its file time
        image(system.get("/is/image/samples/touched.png?wid=90"));
        Files.setLastModifiedTime(system.root.resolve("images/samples/touched.png"),
                FileTime.from(Instant.now().plusSeconds(3600)));
        image(system.get("/is/image/samples/touched.png?wid=90&cache=on,validate"));
        assertThat(logLine("touched.png?wid=90&cache=on,validate")).contains(" UPDATED ");

        // converted again (another header date), with the file time it had: rendered again
        FileTime time = Files.getLastModifiedTime(pyramid);
        ptiff(pyramid, Instant.parse("2026-01-02T03:05:00Z"), 1800);
        Files.setLastModifiedTime(pyramid, time);
        BufferedImage again = image(system.get("/is/image/samples/pyramid.tif?wid=90&fmt=png&cache=on,validate"));
        assertThat(again.getHeight()).as("the new pyramid is 1800 x 700").isEqualTo(35);
    }

    // ---- /is/cache

    @Test
    @Order(3)
    void theCachingServiceServesStoredRepliesByKeyToLoopbackClientsOnly() throws Exception {
        HttpResponse<byte[]> rendered = system.get("/is/image/samples/tower.jpg?wid=77&.svc=1");
        assertThat(rendered.statusCode()).isEqualTo(200);
        Matcher key = Pattern.compile(" ([0-9a-f]{64}) ").matcher(logLine("wid=77&.svc=1"));
        assertThat(key.find()).isTrue();
        String hash = key.group(1);

        HttpResponse<byte[]> entry = system.get("/is/cache/" + hash);
        assertThat(entry.statusCode()).as(text(entry)).isEqualTo(200);
        assertThat(entry.body()).isEqualTo(rendered.body());
        assertThat(entry.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(entry.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(system.get("/is/cache/secondary/" + hash).body()).isEqualTo(rendered.body());
        HttpResponse<byte[]> head = system.head("/is/cache/" + hash);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(system.get("/is/cache/" + hash + "?createdAfter=" + (System.currentTimeMillis() + 60_000))
                .statusCode()).as("older than the asker's catalogs: a miss").isEqualTo(404);

        String status = text(system.get("/is/cache"));
        assertThat(status).startsWith("#S7Z OK\n").containsPattern("cache\\.entries=[1-9]\\d*\n")
                .contains("cache.maxSize=1073741824");
        assertThat(system.get("/is/cache/" + "0".repeat(64)).statusCode()).isEqualTo(404);
        for (String bad : List.of("/is/cache/../image/samples/tower.jpg", "/is/cache/" + hash.toUpperCase(),
                "/is/cache/secondary/%2E%2E%2Findex", "/is/cache/" + hash + "x", "/is/cache/index")) {
            HttpResponse<byte[]> refused = system.get(bad);
            assertThat(refused.statusCode()).as(bad).isIn(400, 403, 404);
            assertThat(refused.body()).as(bad).isNotEqualTo(rendered.body());
            assertThat(text(refused)).as(bad).startsWith("#S7Z ERROR");
        }
        assertThat(system.get("/is/cache/" + hash, "X-Forwarded-For", "203.0.113.9").statusCode())
                .as("a request relayed by a local proxy is a client's").isEqualTo(403);
        HttpResponse<byte[]> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + system.psPort + "/is/cache/" + hash))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(405);

        Optional<InetAddress> external = externalAddress();
        Assumptions.assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to test from");
        HttpResponse<byte[]> remote = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + external.get().getHostAddress() + ":" + system.psPort + "/is/cache/" + hash))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(remote.statusCode()).as("a client that is not on loopback").isEqualTo(403);
        assertThat(text(remote)).startsWith("#S7Z ERROR");
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    // ---- property replies

    @Test
    @Order(0)
    void catalogpropsOfTheCatalogNamedInThePath() {
        String text = text(system.get("/is/image/props?req=catalogprops"));
        assertThat(text).startsWith("#S7Z OK\n#").contains("catalog.expiration=3\n", "catalog.printResolution=150\n",
                "catalog.publishInfo=Mary's <catalog> & \"co\"\n");
        assertThat(text(system.get("/is/image/props?req=catalogprops,javascript")))
                .as("single quotes doubled (JavaScript properties page)")
                .contains("catalog.publishInfo='Mary''s <catalog> & \"co\"'\n");
        assertThat(text(system.get("/is/image/props?req=catalogprops,xml")))
                .contains("<property name=\"publishInfo\" value=\"Mary's &lt;catalog&gt; &amp; &quot;co&quot;\"/>");
        assertThat(text(system.get("/is/image/props?req=catalogprops,json&handler=cb&id=42")))
                .startsWith("/*jsonp*/cb({").contains("\"catalog.expiration\":\"3\"").endsWith("},\"42\");");
        assertThat(text(system.get("/is/image?req=catalogprops"))).contains("catalog.expiration=10\n");
    }

    @Test
    @Order(0)
    void imagepropsKeepsHandlerAndIdAndReportsTheSource() {
        HttpResponse<byte[]> json = system.get("/is/image/samples/landscape.jpg?req=imageprops,json&handler=cb&id=42");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(text(json)).startsWith("/*jsonp*/cb({\"image.anchor\":").contains("\"image.pixTyp\":\"RGB\"")
                .endsWith("},\"42\");");
        assertThat(text(system.get("/is/image/samples/landscape.jpg?req=imageprops,json")))
                .startsWith("/*jsonp*/s7jsonResponse({").endsWith("},\"\");");
        assertThat(text(system.get("/is/image/samples/cmyk.jpg?req=imageprops")))
                .contains("image.pixTyp=CMYK\n", "image.embeddedIccProfile=0\n", "image.width=24\n");
        assertThat(text(system.get("/is/image/props/anchored?req=imageprops")))
                .as("the record's Anchor and Modifier, the catalog's PrintResolution")
                .contains("image.pixTyp=BW\n", "image.anchor=5,6\n", "image.modifier=op_invert=1\n",
                        "image.printRes=150\n", "image.width=30\n");
        assertThat(text(system.get("/is/image/samples/landscape.jpg?req=validate,json&id=7")))
                .isEqualTo("/*jsonp*/s7jsonResponse({\"request.isValid\":\"1\"},\"7\");");
    }

    /** Four components (Adobe CMYK), as the JDK's JPEG writer makes of a four-band raster. */
    private static void cmykJpeg(Path target) throws IOException {
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, 24, 16, 4, null);
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
    }

    // ---- compiled catalog cache

    @Test
    @Order(4)
    void aRestartReadsUnchangedCatalogsFromTheCompiledCacheAndRebuildsADamagedOne() throws Exception {
        Path compiledFolder = system.root.resolve("cache/catalog-bin");
        assertThat(compiledFolder).isDirectory();
        try (Stream<Path> files = Files.list(compiledFolder)) {
            assertThat(files.filter(f -> f.toString().endsWith(".bin")).count()).isGreaterThanOrEqualTo(2);
        }
        Run restart = system.script("restart", "ps");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(system.logs()).contains("big.txt: " + BIG_CATALOG_RECORDS + " records, from the compiled catalog cache");
        assertThat(image(system.get("/is/image/big/item12345")).getWidth()).isEqualTo(10 + 12345 % 50);
        assertThat(text(system.get("/is/image/big/item777?req=userdata"))).isEqualTo("n=777\r\n");

        // damage every compiled file; the next start must parse the text again and serve the same records
        try (Stream<Path> files = Files.list(compiledFolder)) {
            for (Path file : files.toList()) {
                byte[] bytes = Files.readAllBytes(file);
                bytes[bytes.length / 2] ^= 0x11;
                Files.write(file, bytes);
            }
        }
        restart = system.script("restart", "ps");
        assertThat(restart.exitCode()).as(restart.toString()).isZero();
        assertThat(system.logs()).contains("is stale or damaged; the data file is parsed again");
        assertThat(image(system.get("/is/image/big/item12345?.after=damage")).getWidth()).isEqualTo(10 + 12345 % 50);
        assertThat(text(system.get("/is/image/big/item777?req=userdata&.after=damage"))).isEqualTo("n=777\r\n");

        // a data file changed while ps was down is parsed again, not taken from the compiled cache
        system.script("stop");
        Path data = system.root.resolve("catalog/big.txt");
        Files.writeString(data, Files.readString(data).replace("item777\tsamples/tower.jpg\twid=37\tn=777",
                "item777\tsamples/tower.jpg\twid=37\tn=changed"));
        system.start();
        assertThat(text(system.get("/is/image/big/item777?req=userdata&.after=edit"))).isEqualTo("n=changed\r\n");
    }
}
