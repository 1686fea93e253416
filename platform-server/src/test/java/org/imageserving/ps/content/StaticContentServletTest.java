package org.imageserving.ps.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.imageserving.ps.catalog.CatalogService;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.reply.ReplyWriter;
import org.imageserving.ps.request.RequestGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /is/content} files on a real embedded Tomcat: whole, in ranges, conditionally. Each range test runs with
 * Tomcat's sendfile and without it, so both ways the writer sends a file region are covered.
 */
class StaticContentServletTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    @TempDir
    Path folder;
    private Path content;
    private byte[] video;
    private Tomcat tomcat;
    private int port;

    @BeforeEach
    void files() throws Exception {
        Path catalog = Files.createDirectories(folder.resolve("catalog"));
        Files.writeString(catalog.resolve("default.ini"), "RootId=\nExpiration=1\nErrorDetail=2\n");
        content = Files.createDirectories(folder.resolve("static"));
        video = new byte[300_000]; // above the writer's sendfile threshold
        new Random(7).nextBytes(video);
        Files.write(content.resolve("clip.mp4"), video);
        Files.writeString(content.resolve("notes.txt"), "0123456789abcdefghij");
    }

    @AfterEach
    void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    private void start(boolean sendfile) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(folder.resolve("tomcat").toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("useSendfile", Boolean.toString(sendfile));
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        StaticContentProcessor processor = new StaticContentProcessor(
                new CatalogService(folder.resolve("catalog"), Duration.ZERO), List.of(content), new RequestGate(true),
                ErrorRedirect.of("", Duration.ofSeconds(1), Duration.ofSeconds(1)), Clock.systemUTC());
        Tomcat.addServlet(context, "content", new StaticContentServlet(processor, new ReplyWriter(Clock.systemUTC())));
        context.addServletMappingDecoded("/is/content/*", "content");
        tomcat.start();
        port = connector.getLocalPort();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + port + "/is/content/" + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @ParameterizedTest(name = "sendfile {0}")
    @ValueSource(booleans = {true, false})
    void theWholeFileSaysThatRangesAreSupported(boolean sendfile) throws Exception {
        start(sendfile);
        HttpResponse<byte[]> whole = get("clip.mp4");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(video);
        assertThat(header(whole, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(whole, "Content-Type")).isEqualTo("video/mp4");
        assertThat(header(whole, "ETag")).startsWith("\"").endsWith("\"");
        assertThat(header(whole, "Cache-Control")).isEqualTo("public, max-age=3600");
        assertThat(header(whole, "Content-Range")).isNull();
        assertThat(get("notes.txt").body()).asString(StandardCharsets.UTF_8).isEqualTo("0123456789abcdefghij");
    }

    @ParameterizedTest(name = "sendfile {0}")
    @ValueSource(booleans = {true, false})
    void aSingleRangeIsAPartialReply(boolean sendfile) throws Exception {
        start(sendfile);
        String etag = header(get("clip.mp4"), "ETag");

        HttpResponse<byte[]> middle = get("clip.mp4", "Range", "bytes=100000-199999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(header(middle, "Content-Range")).isEqualTo("bytes 100000-199999/300000");
        assertThat(header(middle, "Content-Length")).isEqualTo("100000");
        assertThat(header(middle, "ETag")).isEqualTo(etag);
        assertThat(header(middle, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(video, 100_000, 200_000));

        HttpResponse<byte[]> suffix = get("clip.mp4", "Range", "bytes=-10");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(header(suffix, "Content-Range")).isEqualTo("bytes 299990-299999/300000");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(video, 299_990, 300_000));

        HttpResponse<byte[]> open = get("clip.mp4", "Range", "bytes=299000-");
        assertThat(header(open, "Content-Range")).isEqualTo("bytes 299000-299999/300000");
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(video, 299_000, 300_000));

        HttpResponse<byte[]> pastTheEnd = get("notes.txt", "Range", "bytes=5-1000");
        assertThat(pastTheEnd.statusCode()).isEqualTo(206);
        assertThat(header(pastTheEnd, "Content-Range")).isEqualTo("bytes 5-19/20");
        assertThat(pastTheEnd.body()).asString(StandardCharsets.UTF_8).isEqualTo("56789abcdefghij");
    }

    @Test
    void aRangeThatStartsPastTheEndIs416WithTheLength() throws Exception {
        start(true);
        HttpResponse<byte[]> beyond = get("notes.txt", "Range", "bytes=20-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(header(beyond, "Content-Range")).isEqualTo("bytes */20");
        assertThat(new String(beyond.body(), StandardCharsets.UTF_8)).contains("lies outside the 20 bytes");
        assertThat(get("notes.txt", "Range", "bytes=-0").statusCode()).isEqualTo(416);
    }

    @Test
    void severalRangesOrMalformedOnesGetTheWholeFile() throws Exception {
        start(true);
        for (String range : List.of("bytes=0-1,5-6", "bytes=5-2", "bytes=a-b", "lines=1-2", "bytes=")) {
            HttpResponse<byte[]> reply = get("notes.txt", "Range", range);
            assertThat(reply.statusCode()).as(range).isEqualTo(200);
            assertThat(reply.body()).as(range).hasSize(20);
        }
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheCurrentVersion() throws Exception {
        start(true);
        HttpResponse<byte[]> first = get("clip.mp4");
        String etag = header(first, "ETag");
        String lastModified = header(first, "Last-Modified");

        assertThat(get("clip.mp4", "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        assertThat(get("clip.mp4", "Range", "bytes=0-9", "If-Range", lastModified).statusCode()).isEqualTo(206);
        assertThat(get("clip.mp4", "Range", "bytes=0-9", "If-Range", "W/" + etag).statusCode())
                .as("a weak validator never matches").isEqualTo(200);
        assertThat(get("clip.mp4", "Range", "bytes=0-9", "If-Range", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get("clip.mp4", "Range", "bytes=0-9", "If-Range", "Sun, 06 Nov 1994 08:49:37 GMT").statusCode())
                .isEqualTo(200);

        // the file is replaced: same size, a new time; a client resuming with the old validator gets the new whole file
        byte[] replaced = video.clone();
        replaced[0] ^= 1;
        Path file = content.resolve("clip.mp4");
        Files.write(file, replaced);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        HttpResponse<byte[]> stale = get("clip.mp4", "Range", "bytes=0-9", "If-Range", etag);
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(replaced);
        assertThat(header(stale, "ETag")).isNotEqualTo(etag);
        assertThat(get("clip.mp4", "Range", "bytes=0-9", "If-Range", lastModified).statusCode()).isEqualTo(200);
    }

    @Test
    void conditionalRequestsStillAnswer304BeforeAnyRange() throws Exception {
        start(true);
        HttpResponse<byte[]> first = get("clip.mp4");
        String etag = header(first, "ETag");
        assertThat(header(get("clip.mp4"), "ETag")).as("the same version, the same tag").isEqualTo(etag);

        HttpResponse<byte[]> notModified = get("clip.mp4", "If-None-Match", etag, "Range", "bytes=0-9");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(header(notModified, "ETag")).isEqualTo(etag);
        String since = HTTP_DATE.format(Instant.now().plusSeconds(5));
        assertThat(get("clip.mp4", "If-Modified-Since", since).statusCode()).isEqualTo(304);
        assertThat(get("clip.mp4", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersWithTheWholeFilesHeadersAndNoBody() throws Exception {
        start(true);
        HttpResponse<byte[]> head = send("HEAD", "clip.mp4", "Range", "bytes=0-9");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo("300000");
        assertThat(header(head, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(head.body()).isEmpty();
    }

    /**
     * A file larger than any byte array (and than this JVM's heap): reading it whole could not even start. Its length
     * is announced and a range from its far end is served. The file is sparse, so it takes no disk space.
     */
    @ParameterizedTest(name = "sendfile {0}")
    @ValueSource(booleans = {true, false})
    void aFileLargerThanTheHeapIsServedInRanges(boolean sendfile) throws Exception {
        long length = 5L << 30;
        try (RandomAccessFile file = new RandomAccessFile(content.resolve("huge.bin").toFile(), "rw")) {
            file.setLength(length);
            file.seek(length - 4);
            file.write(new byte[] {1, 2, 3, 4});
        }
        start(sendfile);
        HttpResponse<byte[]> head = send("HEAD", "huge.bin");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo(Long.toString(length));

        HttpResponse<byte[]> tail = get("huge.bin", "Range", "bytes=-6");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(header(tail, "Content-Range"))
                .isEqualTo("bytes " + (length - 6) + "-" + (length - 1) + "/" + length);
        assertThat(tail.body()).containsExactly(0, 0, 1, 2, 3, 4);
        assertThat(header(tail, "Content-Type")).isEqualTo("application/octet-stream");
    }
}
