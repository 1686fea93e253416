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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Platform Server through HTTP against a running system with real catalog files: catalogs and their
 * inheritance, macros, variables, precedence, locales, templates, caching headers and 304s, the response cache,
 * property replies, errors, default images, locking, obfuscation and signatures, the access log, live reload.
 */
class PlatformServerIT {
    @TempDir
    static Path folder;
    static TestInstallation system;
    /** The secondary server of PS::errorRedirect: answers every request with a tiny PNG and remembers it. */
    static HttpServer secondary;
    static final List<String> forwarded = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        system = TestInstallation.create(folder);
        secondary = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        secondary.createContext("/", exchange -> {
            forwarded.add(exchange.getRequestURI().toString());
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB), "png", png);
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.getResponseHeaders().set("Cache-Control", "max-age=5");
            exchange.sendResponseHeaders(200, png.size());
            exchange.getResponseBody().write(png.toByteArray());
            exchange.close();
        });
        secondary.start();
        system.edit("PlatformServer.conf", Map.of("errorRedirect.rootUrl=",
                "errorRedirect.rootUrl=http://127.0.0.1:" + secondary.getAddress().getPort()));
        system.writeCatalog("shop.ini", String.join("\n",
                "# a named catalog: everything not set here comes from default.ini",
                "RootId=shop", "RootPath=samples", "CatalogFile=shop.txt", "MacroFile=shop-macros.txt",
                "Expiration=2", "UseLastModified=1", "CacheValidationPolicy=1", "ErrorDetail=2",
                "LocaleMap=en,_E,|fr,_F,|,_E,", "LocaleStrMap=fr,F,|,", "PublishInfo=release 7", ""));
        system.writeCatalog("shop.txt", String.join("\r\n",
                "Id\tPath\tModifier\tPostModifier\tExpiration\tTimeStamp\tUserData",
                "land\tlandscape.jpg\t$size=120&wid=$size$\tfmt=png\t\t11/27/2025 13:00:00 GMT\tname=Landscape^loc=F^Paysage??rating=5",
                "tower_E\ttower.jpg\twid=60\t\t\t\t",
                "tower_F\ttiles.png\twid=64\t\t\t\t",
                "forever\ttower.jpg\twid=30\t\t-1\t\t",
                "fresh\ttower.jpg\twid=31\t\t0\t\t",
                "tpl\t\tsrc=$object$&wid=40\t\t\t\t",
                "gone\tgone.jpg\t\t\t\t\t",
                "swap\tswap.png\t\t\t\t\t", ""));
        system.writeCatalog("shop-macros.txt", "Name\tDefinition\nthumb\twid=50&$inner$\ninner\tqlt=90\n");
        system.writeCatalog("masks.ini", "RootId=masks\nRootPath=samples\nCatalogFile=masks.txt\nErrorDetail=2\n");
        system.writeCatalog("masks.txt", "Id\tPath\tMaskPath\nmasked\ttower.jpg\ttiles.png\nplain\ttower.jpg\t\n");
        system.writeCatalog("marked.ini", "RootId=marked\nRootPath=samples\nWatermark=samples/logo\nErrorDetail=2\n");
        system.writeCatalog("locked.ini", "RootId=locked\nRootPath=samples\nRequestLock=1\nErrorDetail=2\n");
        system.writeCatalog("signed.ini", "RootId=signed\nRootPath=samples\nSignatureKey=s3cret\nErrorDetail=2\n");
        system.writeCatalog("obf.ini", "RootId=obf\nRootPath=samples\nRequestObfuscation=1\n");
        system.writeCatalog("fb.ini", "RootId=fb\nRootPath=samples\nDefaultImage=samples/tiles.png\nDefaultImageMode=0\n");
        system.writeCatalog("edit.ini", "RootId=edit\nCatalogFile=edit.txt\nErrorDetail=2\n");
        system.writeCatalog("edit.txt", "Id\tPath\tModifier\npic\tsamples/tower.jpg\twid=100\n");
        system.writeCatalog("ruled.ini", "RootId=ruled\nRootPath=samples\nRuleSetFile=ruled-rules.xml\nErrorDetail=2\n");
        system.writeCatalog("ruled-rules.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <ruleset>
                  <rule OnMatch="continue" Expiration="0.5"><expression>([^/]+)_small$</expression>
                    <substitution>$1.jpg?wid=25</substitution></rule>
                  <rule OnMatch="continue"><expression>\\$cdnTtl=</expression>
                    <header Name="Edge-Control">max-age=$cdnTtl$</header></rule>
                  <rule OnMatch="continue"><expression>secret/</expression><addressfilter>10.0.0.0/8</addressfilter></rule>
                  <rule OnMatch="error" Name="no blur"><expression>(?i)[?&amp;]op_blur=</expression></rule>
                </ruleset>
                """);
        system.writeCatalog("filtered.ini", "RootId=filtered\nRootPath=samples\nClientAddressFilter=10.0.0.0/8\n");
        system.writeCatalog("local.ini", "RootId=local\nRootPath=samples\nClientAddressFilter=127.0.0.0/8,::1\n");
        // encodings: UTF-8 only with a byte order mark, otherwise ISO-8859-1
        Files.write(system.root.resolve("catalog/utf.ini"), "\uFEFFRootId=utf\nCatalogFile=utf.txt\n".getBytes(StandardCharsets.UTF_8));
        Files.write(system.root.resolve("catalog/utf.txt"),
                "\uFEFFId\tPath\nkäse\tsamples/tower.jpg\n".getBytes(StandardCharsets.UTF_8));
        Files.write(system.root.resolve("catalog/latin.ini"), "RootId=latin\nCatalogFile=latin.txt\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(system.root.resolve("catalog/latin.txt"),
                "Id\tPath\nkäse\tsamples/tiles.png\n".getBytes(StandardCharsets.ISO_8859_1));
        system.writeCatalog("err.ini", "RootId=err\nRootPath=samples\nErrorImage=samples/tiles.png\n");
        system.writeCatalog("docs.ini", "RootId=docs\nStaticContentCatalogFile=docs-static.txt\n");
        system.writeCatalog("docs-static.txt", "Id\tPath\tExpiration\tTimeStamp\tUserType\tUserData\n"
                + "guide\tcss/guide.css\t3\t11/27/2025 13:00:00 GMT\tcss\tlang=en??size=small\n");
        Files.createDirectories(system.root.resolve("static-content/css"));
        Files.writeString(system.root.resolve("static-content/css/guide.css"), "body { color: red; }\n");
        Files.writeString(system.root.resolve("static-content/notes.txt"), "plain notes\n");
        Files.copy(system.root.resolve("images/samples/tiles.png"), system.root.resolve("images/samples/replace.png"));
        Files.copy(system.root.resolve("images/samples/tiles.png"), system.root.resolve("images/samples/swap.png"));
        system.start();
    }

    @AfterAll
    static void stop() {
        system.close();
        secondary.stop(0);
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

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void aCatalogRecordAppliesModifierVariablesAndPostModifierInTheDocumentedOrder() {
        HttpResponse<byte[]> plain = system.get("/is/image/shop/land");
        assertThat(header(plain, "Content-Type")).isEqualTo("image/png"); // PostModifier fmt=png
        assertThat(image(plain).getWidth()).isEqualTo(120);               // Modifier wid=$size$ with $size=120

        HttpResponse<byte[]> url = system.get("/is/image/shop/land?fmt=jpeg&wid=70");
        assertThat(header(url, "Content-Type")).as("PostModifier beats the URL").isEqualTo("image/png");
        assertThat(image(url).getWidth()).as("the URL beats Modifier").isEqualTo(70);

        assertThat(image(system.get("/is/image/shop/land?$size=80")).getWidth())
                .as("a URL variable overrides the Modifier's definition").isEqualTo(80);
        assertThat(image(system.get("/is/image/shop/land?$THUMB$&.comment=x")).getWidth())
                .as("catalog macro, nested macro, comment").isEqualTo(50);
        assertThat(system.get("/is/image/SHOP/land?wid=90").statusCode())
                .as("root ids are case-sensitive: SHOP/land is a file path, which does not exist").isEqualTo(403);
    }

    @Test
    void aFormPostIsTheSameRequestAsAGet() {
        assertThat(image(system.postForm("/is/image/samples/tower.jpg", "wid=26&fmt=png")).getWidth()).isEqualTo(26);
    }

    @Test
    void catalogEncodingsAndEncodedIds() {
        assertThat(image(system.get("/is/image/utf/k%C3%A4se?wid=30")).getHeight()).isEqualTo(45); // tower.jpg
        assertThat(image(system.get("/is/image/latin/k%C3%A4se?wid=32")).getHeight()).isEqualTo(24); // tiles.png
        assertThat(image(system.get("/is/image/latin/k%E4se?wid=32")).getHeight()).as("a Latin-1 %-escape").isEqualTo(24);
    }

    @Test
    void localeTranslatesIdsThroughTheLocaleMap() {
        BufferedImage french = image(system.get("/is/image/shop/tower?locale=fr"));
        assertThat(french.getWidth()).isEqualTo(64);
        assertThat(french.getHeight()).isEqualTo(48); // tiles.png 640 x 480
        BufferedImage other = image(system.get("/is/image/shop/tower?locale=de"));
        assertThat(other.getWidth()).isEqualTo(60);
        assertThat(other.getHeight()).isEqualTo(90); // tower.jpg 600 x 900 via the default entry ",_E,"
    }

    @Test
    void aTemplateRecordUsesTheObjectVariable() {
        BufferedImage image = image(system.get("/is/image/shop/tpl?$object=samples/tower.jpg"));
        assertThat(image.getWidth()).isEqualTo(40);
        assertThat(image.getHeight()).isEqualTo(60);
    }

    @Test
    void cachingHeadersAndConditionalRequests() {
        HttpResponse<byte[]> first = system.get("/is/image/shop/land?wid=33");
        assertThat(first.statusCode()).isEqualTo(200);
        String etag = header(first, "ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(header(first, "Cache-Control")).isEqualTo("public, max-age=7200"); // shop Expiration=2
        assertThat(header(first, "Expires")).isNotNull();
        assertThat(header(first, "Last-Modified")).isEqualTo("Thu, 27 Nov 2025 13:00:00 GMT");

        HttpResponse<byte[]> byEtag = system.get("/is/image/shop/land?wid=33", "If-None-Match", etag);
        assertThat(byEtag.statusCode()).isEqualTo(304);
        assertThat(byEtag.body()).isEmpty();
        assertThat(header(byEtag, "ETag")).isEqualTo(etag);
        assertThat(system.get("/is/image/shop/land?wid=33", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(system.get("/is/image/shop/land?wid=33", "If-Modified-Since", "Thu, 27 Nov 2025 13:00:00 GMT")
                .statusCode()).isEqualTo(304);
        assertThat(system.get("/is/image/shop/land?wid=33", "If-Modified-Since", "Wed, 26 Nov 2025 13:00:00 GMT")
                .statusCode()).isEqualTo(200);

        HttpResponse<byte[]> head = system.head("/is/image/shop/land?wid=33");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "ETag")).isEqualTo(etag);
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(first.body().length));
        assertThat(system.head("/is/image/shop/land?wid=33", "If-None-Match", etag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> forever = system.get("/is/image/shop/forever", "If-None-Match", "\"anything\"");
        assertThat(forever.statusCode()).as("Expiration=-1 answers every conditional GET with 304").isEqualTo(304);
        assertThat(header(system.get("/is/image/shop/forever"), "Cache-Control")).isEqualTo("public, max-age=31536000");
        assertThat(header(system.get("/is/image/shop/fresh"), "Cache-Control")).isEqualTo("no-cache, max-age=0");
        HttpResponse<byte[]> defaultCatalog = system.get("/is/image/samples/tower.jpg?wid=20");
        assertThat(header(defaultCatalog, "Cache-Control")).isEqualTo("public, max-age=36000"); // default 10 h
        assertThat(header(defaultCatalog, "Last-Modified")).as("UseLastModified=0 in default.ini").isNull();
        assertThat(header(system.get("/is/image/samples/tower.jpg?wid=20&cache=off"), "Cache-Control")).isEqualTo("no-store");
        assertThat(header(defaultCatalog, "Vary")).isNull();
        HttpResponse<byte[]> converted = system.get("/is/image/samples/tower.jpg?wid=20&bfc=on", "Accept", "image/webp");
        assertThat(header(converted, "Vary")).as("with bfc the reply depends on Accept").isEqualTo("Accept");
        assertThat(header(converted, "Content-Type")).as("bfc converts JPEG for WebP clients").isEqualTo("image/webp");
        HttpResponse<byte[]> kept = system.get("/is/image/samples/tower.jpg?wid=20&bfc=on", "Accept", "image/jpeg");
        assertThat(header(kept, "Content-Type")).isEqualTo("image/jpeg");
        assertThat(header(kept, "Vary")).isEqualTo("Accept");
        HttpResponse<byte[]> avif = system.get("/is/image/samples/tower.jpg?wid=20&bfc=on", "Accept",
                "image/avif,image/webp,*/*");
        assertThat(header(avif, "Content-Type")).as("AVIF first where libheif writes it (the IT machine has libheif1)")
                .isEqualTo("image/avif");
        assertThat(header(avif, "Vary")).isEqualTo("Accept");
    }

    @Test
    void whatTheProtocolModelDoesNotKnowOrDoYetIsRefusedByName() {
        HttpResponse<byte[]> unknown = system.get("/is/image/shop/land?wid=20&foo=1");
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(text(unknown)).contains("error.message=unknown command: foo=1");
        HttpResponse<byte[]> validate = system.get("/is/image/shop/land?wid=20&foo=1&req=validate");
        assertThat(validate.statusCode()).as("req=validate reports it too").isEqualTo(403);
        assertThat(text(system.get("/is/image/shop/land?textPath=x")))
                .contains("textPath=x: this command is not supported yet");
        assertThat(system.get("/is/image/masks/plain?$shadow$").statusCode())
                .as("the shipped $shadow$ macro expands to layer commands, built since layers").isEqualTo(200);
        HttpResponse<byte[]> masked = system.get("/is/image/masks/masked?wid=20");
        assertThat(masked.statusCode()).as("a record's MaskPath is applied since masks").isEqualTo(200);
        assertThat(system.get("/is/image/masks/plain?wid=20").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> marked = system.get("/is/image/marked/tower.jpg?wid=20");
        assertThat(marked.statusCode()).as("a Watermark that names no record is never silently left off")
                .isEqualTo(403);
        assertThat(text(marked))
                .contains("attribute::Watermark=samples/logo of catalog 'marked': no such catalog record");
        assertThat(text(system.get("/is/image/shop/land?req=tile"))).contains("req=tile: unknown request type");
        assertThat(text(system.get("/is/image/shop/land?type=image")))
                .contains("type=image: this command applies to /is/content");
    }

    @Test
    void cacheHitsAreServedAndLoggedAsReused() throws Exception {
        HttpResponse<byte[]> first = system.get("/is/image/shop/land?wid=44&.hit");
        HttpResponse<byte[]> second = system.get("/is/image/shop/land?wid=44&.hit");
        assertThat(second.body()).isEqualTo(first.body());
        await("the access log shows the hit", Duration.ofSeconds(10), () -> accessLog().lines()
                .filter(l -> l.contains("wid=44&.hit")).anyMatch(l -> l.contains(" REUSED ")));
        String line = accessLog().lines().filter(l -> l.contains("wid=44&.hit")).findFirst().orElseThrow();
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [+-]\\d{4} 127\\.0\\.0\\.1 200 0 \\d+ .*")
                .contains(" IMG 'shop' CREATED GET%20/is/image/shop/land?wid=44&.hit%20HTTP/1.1 ", " image/png ");
    }

    @Test
    void aLargeHitGoesOutByTheFileWithTheRenderedBytesAndHeadersAndHeadSendsNoBody() throws Exception {
        String url = "/is/image/shop/land?wid=1600&qlt=95&fmt=png&.large";
        HttpResponse<byte[]> first = system.get(url);
        assertThat(first.body().length).as("over the 48 KB sendfile threshold").isGreaterThan(100_000);
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> hit = system.get(url);
            assertThat(hit.statusCode()).isEqualTo(200);
            assertThat(hit.body()).isEqualTo(first.body());
            assertThat(hit.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.body().length));
            assertThat(hit.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        }
        HttpResponse<byte[]> head = system.head(url);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(first.body().length));
        await("the access log shows the hits", Duration.ofSeconds(10), () -> accessLog().lines()
                .filter(l -> l.contains("&.large")).filter(l -> l.contains(" REUSED ")).count() >= 3);
    }

    @Test
    void aSourceReplacedWhileCachedIsServedAgainAfterValidation() throws Exception {
        BufferedImage before = image(system.get("/is/image/samples/replace.png?wid=50"));
        assertThat(before.getHeight()).isEqualTo(38); // tiles.png 640 x 480
        Path source = system.root.resolve("images/samples/replace.png");
        Path replacement = Files.createTempFile(folder, "replacement", ".png");
        ImageIO.write(new BufferedImage(100, 200, BufferedImage.TYPE_INT_RGB), "png", replacement.toFile());
        Files.move(replacement, source, StandardCopyOption.REPLACE_EXISTING);

        assertThat(image(system.get("/is/image/samples/replace.png?wid=50")).getHeight())
                .as("default.ini CacheValidationPolicy=0: served from the cache until the entry is checked again")
                .isEqualTo(38);
        assertThat(image(system.get("/is/image/samples/replace.png?wid=50&cache=on,validate")).getHeight())
                .as("cache=validate checks the source now").isEqualTo(100);
    }

    @Test
    void catalogBasedValidationRendersAgainWhenTheCatalogChangesAndCacheUpdateForcesIt() throws Exception {
        assertThat(image(system.get("/is/image/shop/swap?wid=40")).getHeight()).isEqualTo(30); // tiles 640 x 480
        replaceImage("swap.png", 100, 200);
        assertThat(image(system.get("/is/image/shop/swap?wid=40")).getHeight())
                .as("CacheValidationPolicy=1: the catalog did not change, the entry is still good").isEqualTo(30);

        Files.setLastModifiedTime(system.root.resolve("catalog/shop.ini"), FileTime.from(Instant.now()));
        await("the republished catalog makes the entry stale and the new source is rendered", Duration.ofSeconds(20),
                () -> image(system.get("/is/image/shop/swap?wid=40")).getHeight() == 80);

        replaceImage("swap.png", 300, 100);
        assertThat(image(system.get("/is/image/shop/swap?wid=40")).getHeight()).isEqualTo(80);
        assertThat(image(system.get("/is/image/shop/swap?wid=40&cache=on,update")).getHeight())
                .as("cache=update regenerates unconditionally").isEqualTo(13);
        assertThat(image(system.get("/is/image/shop/swap?wid=40")).getHeight()).isEqualTo(13);
    }

    private static void replaceImage(String name, int width, int height) throws IOException {
        Path replacement = Files.createTempFile(folder, "replacement", ".png");
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", replacement.toFile());
        Files.move(replacement, system.root.resolve("images/samples").resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void propertyRepliesInTheDocumentedFormats() {
        String props = text(system.get("/is/image/shop/land?req=props"));
        assertThat(props).startsWith("#S7Z OK\n#").contains("image.width=120\n", "image.type=image/png\n");
        assertThat(text(system.get("/is/image/shop/land?req=props,xml")))
                .contains("<prop-group name=\"image\">", "<property name=\"width\" value=\"120\"/>");
        assertThat(text(system.get("/is/image/shop/land?req=props,json&handler=cb&id=7")))
                .startsWith("/*jsonp*/cb({").contains("\"image.width\":\"120\"").endsWith("},\"7\");");
        assertThat(text(system.get("/is/image/shop/land?req=props,javascript"))).contains("image.width='120'\n");

        HttpResponse<byte[]> userdata = system.get("/is/image/shop/land?req=userdata");
        assertThat(text(userdata)).isEqualTo("name=Landscape\r\nrating=5\r\n");
        assertThat(header(userdata, "Cache-Control")).isEqualTo("public, max-age=7200");
        assertThat(text(system.get("/is/image/shop/land?req=userdata&locale=fr")))
                .as("LocaleStrMap picks the variant").isEqualTo("name=Paysage\r\nrating=5\r\n");
        assertThat(text(system.get("/is/image/shop/land?req=userdata,json")))
                .contains("\"name\":\"Landscape\"", "\"rating\":\"5\"");
        assertThat(text(system.get("/is/image/shop/tower_E?req=userdata"))).isEqualTo("\r\n");

        HttpResponse<byte[]> catalog = system.get("/is/image/shop/land?req=catalogprops");
        assertThat(text(catalog)).contains("catalog.expiration=2\n", "catalog.jpegQuality=80,0\n",
                "catalog.publishInfo=release 7\n");
        assertThat(header(catalog, "Cache-Control")).isEqualTo("public, max-age=360"); // NonImgExpiration 0.1 h
        assertThat(text(system.get("/is/image?req=catalogprops"))).contains("catalog.expiration=10\n");
        assertThat(text(system.get("/is/image/shop/land?req=exists"))).contains("catalogRecord.exists=1");
        assertThat(text(system.get("/is/image/shop/nothing?req=exists"))).contains("catalogRecord.exists=0");

        HttpResponse<byte[]> resolve = system.get("/is/image/shop/land?req=resolve&qlt=70");
        assertThat(text(resolve)).startsWith("samples/landscape.jpg?").contains("wid=120", "fmt=png", "qlt=70");
        assertThat(system.get("/is/image/shop/land?wid=11").statusCode()).isEqualTo(200);
        assertThat(system.get("/is/image/shop/land?wid=11&id=5").statusCode()).isEqualTo(200);
        await("the access log shows the request", Duration.ofSeconds(10),
                () -> accessLog().contains("wid=11&id=5"));
        assertThat(accessLog().lines().filter(l -> l.contains("wid=11&id=5")).findFirst().orElseThrow())
                .as("id= is a token for the client's caches: same render, a cache hit").contains(" REUSED ");
        HttpResponse<byte[]> reserved = system.get("/is/image/shop/land?wid=11&attribute::maxpix=0,0");
        assertThat(reserved.statusCode()).as("a client cannot set the servers' own names").isEqualTo(403);
        assertThat(text(reserved)).contains("unknown command: attribute::maxpix=0,0");
        assertThat(header(resolve, "Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void errorsFollowErrorDetailAndDefaultImagesReplaceMissingOnes() {
        HttpResponse<byte[]> detailed = system.get("/is/image/shop/nothing");
        assertThat(detailed.statusCode()).isEqualTo(403);
        assertThat(text(detailed)).startsWith("#S7Z ERROR\n").contains("error.title=Image not found",
                "error.message=image not found: samples/nothing");
        assertThat(header(detailed, "Cache-Control")).isEqualTo("no-store");
        HttpResponse<byte[]> quiet = system.get("/is/image/samples/nothing.jpg");
        assertThat(text(quiet)).isEqualTo("#S7Z ERROR\nerror.title=Image not found\n");
        assertThat(text(system.get("/is/image/shop/land?$nomacro$"))).contains("unknown macro $nomacro$");
        HttpResponse<byte[]> xmlError = system.get("/is/image/shop/nothing?req=props,xml");
        assertThat(xmlError.statusCode()).isEqualTo(403);
        assertThat(text(xmlError)).as("errors of property requests come in the requested format")
                .contains("<prop-group name=\"error\">", "<property name=\"title\" value=\"Image not found\"/>");

        HttpResponse<byte[]> byCommand = system.get("/is/image/samples/nothing.jpg?defaultImage=samples/tiles.png&wid=32&qlt=50");
        assertThat(image(byCommand).getWidth()).isEqualTo(32);
        assertThat(header(byCommand, "Cache-Control")).as("DefaultExpiration 1 h").isEqualTo("public, max-age=3600");
        BufferedImage byAttribute = image(system.get("/is/image/fb/nothing.jpg?wid=64"));
        assertThat(byAttribute.getHeight()).isEqualTo(48);

        HttpResponse<byte[]> errorImage = system.get("/is/image/err/nothing.jpg?wid=10");
        BufferedImage rendered = image(errorImage);
        // the error image as a request of its own: no size asked, so attribute::DefaultPix (400,400) applies
        assertThat(rendered.getWidth()).as("the error image, not the request's size").isEqualTo(400);
        assertThat(rendered.getHeight()).isEqualTo(300);
        assertThat(header(errorImage, "Cache-Control")).isEqualTo("no-store");
        assertThat(system.get("/is/image/err/nothing.jpg?req=props").statusCode())
                .as("property requests get the text error").isEqualTo(403);
    }

    @Test
    void anImageInACatalogButMissingOnDiskIsFetchedFromTheErrorRedirectServer() {
        HttpResponse<byte[]> relayed = system.get("/is/image/shop/gone?wid=5");
        BufferedImage image = image(relayed);
        assertThat(image.getWidth()).as("the secondary server's reply, relayed as it is").isEqualTo(3);
        assertThat(header(relayed, "Cache-Control")).isEqualTo("max-age=5");
        assertThat(forwarded).contains("/is/image/shop/gone?wid=5");
        int before = forwarded.size();
        assertThat(system.get("/is/image/samples/absent.jpg").statusCode())
                .as("an image in no catalog is not redirected").isEqualTo(403);
        assertThat(forwarded).hasSize(before);
    }

    @Test
    void lockedObfuscatedAndSignedRequests() throws Exception {
        String query = "wid=20&fmt=png";
        int sum = 0;
        for (byte b : query.getBytes(StandardCharsets.ISO_8859_1)) {
            sum = (sum * 131 + (b & 0xFF)) & 0xFFFF;
        }
        String lock = String.format(Locale.ROOT, "%04x", sum);
        assertThat(image(system.get("/is/image/locked/tower.jpg?" + query + "&" + lock)).getWidth()).isEqualTo(20);
        assertThat(text(system.get("/is/image/locked/tower.jpg?wid=21&fmt=png&" + lock))).contains("lock does not match");
        assertThat(system.get("/is/image/locked/tower.jpg?" + query).statusCode()).isEqualTo(403);

        String obfuscated = Base64.getEncoder().encodeToString("wid=22".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(image(system.get("/is/image/obf/tower.jpg?" + obfuscated)).getWidth()).isEqualTo(22);
        assertThat(system.get("/is/image/obf/tower.jpg?wid=22").statusCode()).isEqualTo(403);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = HexFormat.of().formatHex(mac.doFinal("wid=23".getBytes(StandardCharsets.UTF_8)));
        assertThat(image(system.get("/is/image/signed/tower.jpg?wid=23&sig=" + sig)).getWidth()).isEqualTo(23);
        assertThat(text(system.get("/is/image/signed/tower.jpg?wid=24&sig=" + sig))).contains("signature is not valid");
        assertThat(text(system.get("/is/image/signed/tower.jpg?wid=23"))).contains("must be signed");
    }

    @Test
    void aCatalogEditedWhileRunningIsReloadedAndBrokenRecordsAreSkipped() throws Exception {
        assertThat(image(system.get("/is/image/edit/pic")).getHeight()).isEqualTo(150); // tower 600 x 900 at wid=100
        system.writeCatalog("edit.txt", "Id\tPath\tModifier\n"
                + "broken\t\"samples/unclosed.jpg\twid=1\n"
                + "pic\tsamples/tiles.png\twid=100\n"
                + "new\tsamples/landscape.jpg\twid=160\n");
        assertThat(image(system.get("/is/image/edit/pic")).getHeight())
                .as("data files are re-read only when the .ini changes").isEqualTo(150);
        Path ini = system.root.resolve("catalog/edit.ini");
        Files.setLastModifiedTime(ini, FileTime.from(Instant.now().plusSeconds(2)));

        await("the edited catalog is served", Duration.ofSeconds(20),
                () -> system.get("/is/image/edit/new").statusCode() == 200);
        assertThat(image(system.get("/is/image/edit/pic")).getHeight()).isEqualTo(75); // tiles 640 x 480
        assertThat(image(system.get("/is/image/edit/new")).getWidth()).isEqualTo(160);
        await("the broken record is logged", Duration.ofSeconds(10),
                () -> system.logs().contains("edit.txt:2: broken record skipped"));
    }

    @Test
    void ruleSetsRewriteOverrideAddHeadersAndRefuse() {
        HttpResponse<byte[]> rewritten = system.get("/is/image/ruled/tower_small");
        assertThat(image(rewritten).getWidth()).isEqualTo(25);
        assertThat(header(rewritten, "Cache-Control")).as("the rule's Expiration=0.5").isEqualTo("public, max-age=1800");

        HttpResponse<byte[]> withHeader = system.get("/is/image/ruled/tower.jpg?wid=20&$cdnTtl=99");
        assertThat(image(withHeader).getWidth()).isEqualTo(20);
        assertThat(header(withHeader, "Edge-Control")).isEqualTo("max-age=99");

        HttpResponse<byte[]> refused = system.get("/is/image/ruled/tower.jpg?wid=20&op_blur=2");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(text(refused)).contains("request refused (no blur)");
        assertThat(text(system.get("/is/image/ruled/secret/tower.jpg"))).contains("client address not allowed");

        assertThat(system.get("/is/image/filtered/tower.jpg?wid=20").statusCode()).isEqualTo(403);
        assertThat(image(system.get("/is/image/local/tower.jpg?wid=20")).getWidth()).isEqualTo(20);
    }

    @Test
    void aRepeatedRequestReusesItsPlanOnlyWhileItsSourceIsThere() throws Exception {
        Path tiles = system.root.resolve("images/samples/tiles.png");
        Path source = system.root.resolve("images/samples/planned.png");
        Files.copy(tiles, source);
        String url = "/is/image/ruled/planned.png?wid=20&$cdnTtl=7";
        for (int i = 0; i < 3; i++) { // the second and third are cache hits answered from the first one's plan
            HttpResponse<byte[]> reply = system.get(url);
            assertThat(image(reply).getWidth()).isEqualTo(20);
            assertThat(header(reply, "Edge-Control")).as("the rule's header on every reply").isEqualTo("max-age=7");
            assertThat(header(reply, "Cache-Control")).isEqualTo("public, max-age=36000");
        }
        Files.delete(source);
        HttpResponse<byte[]> gone = system.get(url);
        assertThat(gone.statusCode()).as("the cached reply of a deleted source is not served").isEqualTo(403);
        assertThat(text(gone)).contains("image not found");
        Files.copy(tiles, source);
        assertThat(image(system.get(url)).getWidth()).isEqualTo(20);
    }

    @Test
    void staticContentFromCatalogsAndPathsWithItsCachingHeaders() {
        HttpResponse<byte[]> guide = system.get("/is/content/docs/guide");
        assertThat(guide.statusCode()).isEqualTo(200);
        assertThat(text(guide)).isEqualTo("body { color: red; }\n");
        assertThat(header(guide, "Content-Type")).startsWith("text/css");
        assertThat(header(guide, "Cache-Control")).isEqualTo("public, max-age=10800"); // record Expiration=3
        assertThat(header(guide, "Last-Modified")).isEqualTo("Thu, 27 Nov 2025 13:00:00 GMT");
        assertThat(system.get("/is/content/docs/guide", "If-None-Match", header(guide, "ETag")).statusCode()).isEqualTo(304);
        assertThat(system.get("/is/content/docs/guide?type=css").statusCode()).isEqualTo(200);
        assertThat(system.get("/is/content/docs/guide?type=video").statusCode()).isEqualTo(403);
        assertThat(header(system.get("/is/content/docs/guide?cache=off"), "Cache-Control")).isEqualTo("no-store");

        assertThat(text(system.get("/is/content/docs/guide?req=props"))).contains("path=guide\n", "length=21\n",
                "userType=css\n");
        assertThat(text(system.get("/is/content/docs/guide?req=exists"))).contains("catalogRecord.exists=1");
        assertThat(text(system.get("/is/content/docs/other?req=exists"))).contains("catalogRecord.exists=0");
        assertThat(text(system.get("/is/content/docs/guide?req=userdata"))).contains("lang=en\n", "size=small\n");

        HttpResponse<byte[]> direct = system.get("/is/content/notes.txt");
        assertThat(text(direct)).isEqualTo("plain notes\n");
        assertThat(header(direct, "Content-Type")).startsWith("text/plain");
        assertThat(header(direct, "Last-Modified")).isNotNull();
        // this installation has PS::errorRedirect set: missing static content is fetched from the secondary server
        assertThat(image(system.get("/is/content/missing.txt")).getWidth()).isEqualTo(3);
        assertThat(forwarded).contains("/is/content/missing.txt");
        HttpResponse<byte[]> escape = system.get("/is/content/css/%2e%2e/%2e%2e/conf/server.xml");
        assertThat(escape.statusCode()).as("refused by us (403) or by Tomcat's normalization (404)").isIn(403, 404);
        assertThat(text(escape)).startsWith("#S7Z ERROR").doesNotContain("<Server");
        assertThat(system.get("/is/content/..%5c..%5cconf%5cserver.xml").statusCode()).isBetween(400, 404);
    }

    private static String accessLog() {
        try (Stream<Path> files = Files.list(system.root.resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("access-")).toList()) {
                all.append(Files.readString(file));
            }
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
