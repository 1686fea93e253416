package org.imageserving.ps.iiif;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.RequestLog;
import org.imageserving.ps.image.ImageRequestProcessor;
import org.imageserving.ps.image.ImageServerClient;
import org.imageserving.ps.image.SourceFiles;
import org.imageserving.ps.layersource.ForeignSources;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.request.RequestGate;
import org.imageserving.ps.responsecache.CachedRenderer;
import org.imageserving.ps.responsecache.DiskResponseCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /iiif/3} without Tomcat, on real catalogs and files; the Image Server is not running (its port answers
 * nothing), so what needs it is a 503 here and is covered end to end by {@code IiifIT}.
 */
class IiifProcessorTest {
    @org.junit.jupiter.api.io.TempDir
    Path folder;
    private DiskResponseCache cache;
    private IiifProcessor iiif;
    private IiifProcessor noDefaultCatalog;

    @BeforeEach
    void processor() throws Exception {
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        Path images = Files.createDirectories(folder.resolve("images/samples"));
        Files.write(images.resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        Files.writeString(folder.resolve("secret.jpg"), "not under a root");
        Files.writeString(catalog.resolve("default.ini"), "RootId=\nErrorDetail=2\nMaxPix=2000,1000\n");
        Files.writeString(catalog.resolve("shop.ini"), "RootId=shop\nRootPath=samples\nCatalogFile=shop.txt\n");
        Files.writeString(catalog.resolve("shop.txt"), "Id\tPath\nland\ta.jpg\n");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        cache = new DiskResponseCache(List.of(folder.resolve("cache")), 1 << 20, 100);
        iiif = new IiifProcessor(processor(catalog, closedPort, true), 16_000_000);
        noDefaultCatalog = new IiifProcessor(processor(catalog, closedPort, false), 16_000_000);
    }

    private ImageRequestProcessor processor(Path catalog, int port, boolean defaultCatalog) {
        FrameClient nobody = new FrameClient("is", port, Duration.ofMillis(200), Duration.ofMillis(200), 1, 1 << 20);
        return new ImageRequestProcessor(new ImageServerClient(nobody), new CatalogService(catalog, Duration.ZERO),
                new SourceFiles(List.of(folder.resolve("images"))),
                new CachedRenderer(cache, Clock.systemUTC(), Duration.ofMinutes(5)), new RequestGate(defaultCatalog),
                ErrorRedirect.of("", Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new ForeignSources(1 << 20, Duration.ofSeconds(1), false, Clock.systemUTC()), Duration.ofHours(1),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        cache.close();
    }

    private Reply get(IiifProcessor processor, String path) {
        return processor.process(new ClientRequest("GET", "/iiif/3/" + path, path, null, "127.0.0.1", Map.of(), -1,
                new RequestLog()), "http://example.org/iiif/3");
    }

    private Reply get(String path) {
        return get(iiif, path);
    }

    private static Reply.Entity entity(Reply reply, int status) {
        assertThat(reply).isInstanceOf(Reply.Entity.class);
        Reply.Entity entity = (Reply.Entity) reply;
        assertThat(entity.status()).as(text(entity)).isEqualTo(status);
        assertThat(entity.headers()).contains(Reply.Header.set("Access-Control-Allow-Origin", "*"));
        return entity;
    }

    private static String text(Reply.Entity entity) {
        return new String(entity.body().bytes().get(), StandardCharsets.UTF_8);
    }

    @Test
    void theBaseUriRedirectsToInfoJson() {
        for (String path : List.of("shop%2Fland", "shop%2Fland/")) {
            Reply.Entity redirect = entity(get(path), 303);
            assertThat(redirect.headers()).contains(
                    Reply.Header.set("Location", "http://example.org/iiif/3/shop%2Fland/info.json"));
        }
    }

    @Test
    void anUnknownIdentifierIs404() {
        assertThat(text(entity(get("shop%2Fnothing/info.json"), 404))).startsWith("404 Image not found");
        entity(get("samples%2Fnothing.jpg/info.json"), 404);
        entity(get("shop%2Fnothing/full/max/0/default.jpg"), 404);
        entity(get("nothing/full/max/0/default.jpg"), 404);
    }

    @Test
    void nothingOutsideTheRoots() {
        assertThat(entity(get("..%2Fsecret.jpg/info.json"), 403).status()).isEqualTo(403);
        entity(get("samples%2F..%2F..%2Fsecret.jpg/full/max/0/default.jpg"), 403);
        // and the default catalog's rule: PS::allowDefaultCatalogRequests
        assertThat(text(entity(get(noDefaultCatalog, "samples%2Fa.jpg/info.json"), 403)))
                .contains("Invalid request");
    }

    @Test
    void badSyntaxIs400AndMissingFeaturesAre501BeforeTheImageIsLookedUp() {
        assertThat(text(entity(get("shop%2Fland/full/max/0/default.bmp"), 400))).contains("invalid format 'bmp'");
        entity(get("shop%2Fland/full/max/0"), 400);
        entity(get("shop%2Fland/full/max/0/default.jpg/more"), 400);
        entity(get("shop%2Fland/full/max/0/bitonal.jpg"), 501);
        entity(get("/info.json"), 400);
    }

    @Test
    void anImageThatExistsNeedsTheImageServer() {
        // the size comes from the Image Server's req=imageprops: 503 while it does not answer
        entity(get("shop%2Fland/info.json"), 503);
        entity(get("samples%2Fa.jpg/full/max/0/default.jpg"), 503);
    }

    @Test
    void infoJsonIsJsonLdUnlessTheClientAsksForJsonOnly() {
        assertThat(IiifProcessor.jsonType(null)).isEqualTo(
                "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"");
        assertThat(IiifProcessor.jsonType("application/ld+json")).startsWith("application/ld+json;profile=");
        assertThat(IiifProcessor.jsonType("application/json")).isEqualTo("application/json");
        assertThat(IiifProcessor.jsonType("application/ld+json, application/json;q=0.9"))
                .startsWith("application/ld+json");
    }

    @Test
    void identifiersBecomeImageServingPaths() {
        assertThat(IiifProcessor.objectPath("samples/tower")).isEqualTo("samples/tower");
        assertThat(IiifProcessor.objectPath("a b/c+d.jpg")).isEqualTo("a%20b/c%2Bd.jpg");
        assertThat(IiifProcessor.encodeSegment("samples/tower")).isEqualTo("samples%2Ftower");
        assertThat(IiifProcessor.encodeSegment("é~x")).isEqualTo("%C3%A9~x");
    }
}
