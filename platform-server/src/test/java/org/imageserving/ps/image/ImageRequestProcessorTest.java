package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.imageserving.common.props.PropertyFormat;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.http.RequestLog;
import org.imageserving.ps.reply.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /is/image} protocol without Tomcat: requests in, replies out, on real catalogs, files and cache. The
 * Image Server is not running here (its port answers nothing), so requests that need it show the 503 path; the
 * end-to-end tests in {@code dist} cover them with the real one.
 */
class ImageRequestProcessorTest {
    @TempDir
    Path folder;
    private ProcessorWithoutImageServer server;

    @BeforeEach
    void processor() throws Exception {
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        Path images = Files.createDirectories(folder.resolve("images/samples"));
        Files.write(images.resolve("a.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        Files.writeString(catalog.resolve("default.ini"), "RootId=\nErrorDetail=2\nNonImgExpiration=0.1\n");
        Files.writeString(catalog.resolve("shop.ini"), "RootId=shop\nRootPath=samples\nCatalogFile=shop.txt\n"
                + "ErrorDetail=2\nPublishInfo=release 7\n");
        Files.writeString(catalog.resolve("shop.txt"), "Id\tPath\tModifier\nland\ta.jpg\twid=120\n");
        server = ProcessorWithoutImageServer.on(folder);
    }

    @AfterEach
    void close() {
        server.close();
    }

    private Reply get(String path, String query) {
        return server.get(path, query);
    }

    private static String text(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Entity.class);
        return new String(((Reply.Entity) reply).body().bytes().get(), StandardCharsets.UTF_8);
    }

    @Test
    void propertyRequestsAreAnsweredWithoutTheImageServer() {
        Reply catalogProps = get("shop", "req=catalogprops");
        assertThat(text(catalogProps)).contains("catalog.publishInfo=release 7");
        assertThat(((Reply.Entity) catalogProps).caching().ttlHours()).isEqualTo(0.1);
        assertThat(text(get("shop/land", "req=exists"))).contains("catalogRecord.exists=1");
        Reply resolved = get("shop/land", "req=resolve&qlt=70");
        assertThat(text(resolved)).isEqualTo("samples/a.jpg?wid=120&qlt=70\n");
        assertThat(((Reply.Entity) resolved).caching()).isEqualTo(Reply.Caching.NO_STORE);
    }

    @Test
    void refusalsAreFailuresInTheFormatTheRequestAskedFor() {
        Reply unknown = get("shop/land", "req=exists,json&handler=cb&id=7&foo=1");
        assertThat(unknown).isInstanceOfSatisfying(Reply.Failure.class, failure -> {
            assertThat(failure.status()).isEqualTo(403);
            assertThat(failure.message()).isEqualTo("unknown command: foo=1");
            assertThat(failure.format().format()).isEqualTo(PropertyFormat.JSON);
            assertThat(failure.format().handler()).isEqualTo("cb");
            assertThat(failure.format().id()).isEqualTo("7");
        });
        assertThat(get("shop/land", "req=exists&type=image")).isInstanceOfSatisfying(Reply.Failure.class,
                failure -> assertThat(failure.message()).isEqualTo("type=image: this command applies to /is/content"));
        assertThat(get("shop/land", "req=tile")).isInstanceOfSatisfying(Reply.Failure.class,
                failure -> assertThat(failure.message()).contains("req=tile: unknown request type"));
        assertThat(get("shop/nothing", "wid=10")).isInstanceOfSatisfying(Reply.Failure.class, failure -> {
            assertThat(failure.title()).isEqualTo("Image not found");
            assertThat(failure.format()).as("an image request's error is the text form").isNull();
        });
    }

    @Test
    void anImageServerThatDoesNotAnswerIsA503AndTheLivenessPageSaysSo() {
        RequestLog log = new RequestLog();
        Reply image = server.processor.process(new ClientRequest("GET", "/is/image/shop/land", "shop/land", "wid=10",
                "127.0.0.1", Map.of(), -1, log));
        assertThat(image).isInstanceOfSatisfying(Reply.Failure.class, f -> assertThat(f.status()).isEqualTo(503));
        assertThat(log.get("ProcessingStatus")).isEqualTo("4");
        assertThat(log.get("ReqType")).isEqualTo("IMG");
        assertThat(text(get("", null))).startsWith("#S7Z OK\n").contains("imageServer.status=unreachable");
    }

    @Test
    void aPathThatDoesNotDecodeIsAUsageErrorNotAnException() {
        assertThat(get("s%2hop/land", "wid=10")).isInstanceOfSatisfying(Reply.Failure.class, failure -> {
            assertThat(failure.status()).isEqualTo(403);
            assertThat(failure.message()).contains("malformed %-escape");
        });
        assertThat(get("shop/%zz", "req=exists")).isInstanceOfSatisfying(Reply.Failure.class,
                failure -> assertThat(failure.status()).isEqualTo(403));
    }

    @Test
    void nestedRequestsFanningOutAreBoundedInAllNotJustInDepth() throws Exception {
        // f1..f9: three layers each nesting the level below, 3^9 = 19683 nested requests within the depth limit
        StringBuilder records = new StringBuilder("Id\tPath\tModifier\nf0\ta.jpg\twid=16\n");
        for (int k = 1; k <= 9; k++) {
            records.append('f').append(k).append("\ta.jpg\t");
            for (int layer = 1; layer <= 3; layer++) {
                records.append(layer > 1 ? "&" : "").append("layer=").append(layer).append("&src=is{fan/f")
                        .append(k - 1).append('}');
            }
            records.append('\n');
        }
        Path catalog = folder.resolve("catalog");
        Files.writeString(catalog.resolve("fan.ini"), "RootId=fan\nRootPath=samples\nCatalogFile=fan.txt\nErrorDetail=2\n");
        Files.writeString(catalog.resolve("fan.txt"), records.toString());
        server.close();
        server = ProcessorWithoutImageServer.on(folder);
        assertThat(get("fan/f9", "fmt=png")).isInstanceOfSatisfying(Reply.Failure.class, failure -> {
            assertThat(failure.status()).isEqualTo(403);
            assertThat(failure.message()).contains("more than 100 nested requests");
        });
        assertThat(get("fan/f3", "fmt=png")).as("3 + 9 + 27 nested requests are allowed: only the Image Server is missing")
                .isInstanceOfSatisfying(Reply.Failure.class, failure -> assertThat(failure.status()).as(failure.message())
                        .isEqualTo(503));
    }
}
