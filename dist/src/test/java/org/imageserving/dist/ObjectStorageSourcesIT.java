package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;
import static org.imageserving.dist.TestInstallation.text;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.imageserving.dist.ExternalTools.Result;
import org.imageserving.dist.TestInstallation.Run;
import org.imageserving.testkit.CountingProxy;
import org.imageserving.testkit.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Masters in an S3-compatible bucket (a real s3proxy on a loopback port, behind a relay that counts the bytes it
 * serves): {@code IS::RootPath} lists the local folder first and {@code s3://masters/catalog/} second. The same
 * photos lie in both, so every reply from the bucket is compared with the same request on the local file: a JPEG
 * thumbnail, a crop, a pyramid TIFF tile, {@code req=imageprops}, {@code req=exists} and a missing image. A 400 px
 * thumbnail of a 50 MP pyramid reads a small fraction of the object; an object replaced in the bucket is rendered
 * again under both cache validation policies, with the HEADs kept for {@code IS::S3MetadataTtl} and (the last test,
 * after a restart) without. The IIIF info.json of a pyramid in the bucket is the one of the same file on disk. HEADs
 * per uncached render and per cache hit are counted. Prints the thumbnail rates from disk and from the bucket.
 *
 * <p>{@code PS::staticContent.rootPaths} lists {@code s3://masters/content/} after the local folder: static content
 * from the bucket is byte-identical to the same file on disk, with its headers, ranges, 304s and errors, a replaced
 * object is served fresh, and an object larger than the Platform Server's heap passes through it. An SVG in the
 * bucket renders as on disk; hostile SVGs in the bucket reach no listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObjectStorageSourcesIT {
    static final String BUCKET = "masters";
    /** {@code IS::S3MetadataTtl} for all but the last test, which turns it off. */
    static final Duration METADATA_TTL = Duration.ofSeconds(3);
    @TempDir
    static Path folder;
    static TestInstallation system;
    static S3ProxyServer s3;
    static CountingProxy counted;
    static S3Client client;
    static long bigObjectSize;
    static Tripwire tripwire;
    static final int PS_HEAP_MB = 128;
    static final long HUGE_BYTES = 200L << 20;
    /** Static content larger than a sendfile's threshold and than one stream buffer: several reads either way. */
    static byte[] video;
    static String hugeDigest;

    @BeforeAll
    static void start() throws Exception {
        ExternalTools.require();
        tripwire = new Tripwire();
        s3 = S3ProxyServer.launch(Files.createDirectories(folder.resolve("s3")));
        system = TestInstallation.create(folder.resolve("install"));
        system.showErrorDetails();
        Path local = Files.createDirectories(system.root.resolve("images/local"));
        Path work = Files.createDirectories(folder.resolve("work"));
        makeSources(local, work);
        s3.awaitListening();
        counted = new CountingProxy(s3.port());
        client = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL))).build();
        client.createBucket(b -> b.bucket(BUCKET));
        for (int i = 0; i < 3; i++) {
            put("s3/photo" + i + ".jpg", Files.readAllBytes(local.resolve("photo" + i + ".jpg")));
        }
        put("s3/pyramid.tif", Files.readAllBytes(local.resolve("pyramid.tif")));
        byte[] bigTiff = Files.readAllBytes(work.resolve("big.tif"));
        bigObjectSize = bigTiff.length;
        put("s3/big.tif", bigTiff);
        Files.delete(work.resolve("big.tif"));
        system.edit("ImageServerRegistry.xml", Map.of("<RootPath>./images</RootPath>", String.join("\n  ",
                "<RootPath>./images</RootPath>",
                "<RootPath>s3://" + BUCKET + "/catalog/</RootPath>",
                "<S3Endpoint>" + counted.endpoint() + "</S3Endpoint>",
                "<S3Region>us-east-1</S3Region>",
                "<S3AccessKeyId>" + S3ProxyServer.IDENTITY + "</S3AccessKeyId>",
                "<S3SecretAccessKey>" + S3ProxyServer.CREDENTIAL + "</S3SecretAccessKey>",
                "<S3PathStyleAccess>1</S3PathStyleAccess>",
                "<S3MaxRetries>2</S3MaxRetries>",
                "<S3MetadataTtl>" + METADATA_TTL.toMillis() + "</S3MetadataTtl>")));
        // a heap smaller than the largest static object: serving it proves that it is never held whole
        system.edit("SupervisorRegistry.xml", Map.of("<argument>-Xmx512m</argument>",
                "<argument>-Xmx" + PS_HEAP_MB + "m</argument>"));
        system.edit("PlatformServer.conf", Map.of("staticContent.rootPaths=./static-content",
                "staticContent.rootPaths=./static-content;s3://" + BUCKET + "/content/"));
        makeStaticContent();
        makeSvgs();
        Run run = system.script("start");
        assertThat(run.exitCode()).as(run.toString()).isZero();
    }

    /** Three photos and a pyramid of the first in {@code local}; a 50 MP pyramid {@code big.tif} in {@code work}. */
    private static void makeSources(Path local, Path work) throws IOException {
        for (int i = 0; i < 3; i++) {
            BufferedImage photo = PyramidTiffServingIT.photoLike(2400 + 8 * i, 1600);
            ImageIO.write(photo, "jpeg", local.resolve("photo" + i + ".jpg").toFile());
        }
        Result ic = ExternalTools.script("ic", List.of("-convert", "-jpegcompress", local.resolve("photo0.jpg")
                .toString(), local.resolve("pyramid.tif").toString()), folder);
        assertThat(ic.exitCode()).as(ic.toString()).isZero();
        // 50 MP (8640 x 5760): the photo enlarged, with grain so its tiles compress like a camera photo's, a tiled
        // JPEG pyramid as libvips writes one
        for (List<String> step : List.of(
                List.of("vips", "resize", local.resolve("photo0.jpg").toString(), "smooth.v", "3.6"),
                List.of("vips", "gaussnoise", "grain.v", "8640", "5760", "--mean", "0", "--sigma", "10"),
                List.of("vips", "add", "smooth.v", "grain.v", "grainy.v"),
                List.of("vips", "cast", "grainy.v", "big.v", "uchar"))) {
            Result result = ExternalTools.run(work, step, 120);
            assertThat(result.exitCode()).as(result.toString()).isZero();
        }
        Result tiff = ExternalTools.run(work, List.of("vips", "tiffsave", "big.v", "big.tif", "--tile", "--pyramid",
                "--compression", "jpeg", "--Q", "85", "--tile-width", "256", "--tile-height", "256"), 180);
        assertThat(tiff.exitCode()).as(tiff.toString()).isZero();
        for (String scratch : List.of("smooth.v", "grain.v", "grainy.v", "big.v")) {
            Files.delete(work.resolve(scratch));
        }
    }

    /** The same items in the folder root ({@code local/}) and the bucket root ({@code s3/}). */
    private static void makeStaticContent() throws IOException {
        video = new byte[3 * 1024 * 1024 + 517];
        new java.util.Random(18).nextBytes(video);
        byte[] css = "body { color: teal; }\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path local = Files.createDirectories(system.root.resolve("static-content/local"));
        Files.write(local.resolve("clip.mp4"), video);
        Files.write(local.resolve("site.css"), css);
        putContent("s3/clip.mp4", video);
        Path huge = folder.resolve("work/huge.bin");
        try (java.io.OutputStream out = Files.newOutputStream(huge)) {
            byte[] block = new byte[1 << 20];
            java.util.Random random = new java.util.Random(200);
            for (long written = 0; written < HUGE_BYTES; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        client.putObject(b -> b.bucket(BUCKET).key("content/s3/huge.bin"), RequestBody.fromFile(huge));
        hugeDigest = sha256(Files.newInputStream(huge));
        Files.delete(huge);
        putContent("s3/site.css", css);
        system.writeCatalog("bucketdocs.ini", "RootId=bucketdocs\nStaticContentCatalogFile=bucketdocs-static.txt\n");
        system.writeCatalog("bucketdocs-static.txt", "Id\tPath\tExpiration\tUserType\n"
                + "style\ts3/site.css\t3\tcss\n");
    }

    /**
     * An SVG of the corpus in the folder and the bucket; hostile SVGs whose external references point at the tripwire,
     * in the bucket only.
     */
    private static void makeSvgs() throws IOException {
        Path sources = TestInstallation.CHECKOUT.resolve("svg-server/src/test/resources");
        byte[] drawing = Files.readAllBytes(sources.resolve("corpus/logo-gradient.svg"));
        Files.write(system.root.resolve("images/local/logo-gradient.svg"), drawing);
        put("s3/logo-gradient.svg", drawing);
        // no suffix: told to be SVG by its first bytes, in the folder and in the bucket alike
        Files.write(system.root.resolve("images/local/logo-unnamed"), drawing);
        put("s3/logo-unnamed", drawing);
        for (String hostile : HOSTILE_SVGS) {
            put("s3/hostile/" + hostile, Files.readString(sources.resolve("hostile/" + hostile))
                    .replace("@PORT@", Integer.toString(tripwire.port()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    static final List<String> HOSTILE_SVGS = List.of("external-image.svg", "external-use.svg", "css-import.svg",
            "feimage.svg", "file-image.svg", "xxe-file.svg");

    @AfterAll
    static void stop() throws IOException {
        if (system != null) {
            system.close();
        }
        if (tripwire != null) {
            tripwire.close();
        }
        if (client != null) {
            client.close();
        }
        if (counted != null) {
            counted.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static void put(String key, byte[] bytes) {
        client.putObject(b -> b.bucket(BUCKET).key("catalog/" + key), RequestBody.fromBytes(bytes));
    }

    static void putContent(String key, byte[] bytes) {
        client.putObject(b -> b.bucket(BUCKET).key("content/" + key), RequestBody.fromBytes(bytes));
    }

    static byte[] jpeg(Color color) {
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static BufferedImage png(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8)
                .lines().findFirst().orElse("")).isEqualTo(200);
        try {
            return ImageIO.read(new ByteArrayInputStream(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void imagesFromTheBucketAreTheImagesFromDisk() {
        for (String request : List.of("photo0.jpg?wid=400&fmt=png", "photo1.jpg?crop=700,300,900,600&wid=300&fmt=png",
                "pyramid.tif?scl=1&rect=1024,768,256,256&fmt=png", "pyramid.tif?wid=400&fmt=png")) {
            byte[] fromDisk = system.get("/is/image/local/" + request).body();
            HttpResponse<byte[]> fromBucket = system.get("/is/image/s3/" + request);
            assertThat(png(fromBucket).getWidth()).as(request).isGreaterThan(0);
            assertThat(fromBucket.body()).as(request).isEqualTo(fromDisk);
        }
    }

    @Test
    void propertiesExistenceAndMissingImagesAsOnDisk() {
        String props = text(system.get("/is/image/s3/photo0.jpg?req=imageprops"));
        assertThat(props).contains("image.width=2400").contains("image.height=1600");
        assertThat(text(system.get("/is/image/s3/big.tif?req=imageprops"))).contains("image.width=8640")
                .contains("image.height=5760");
        assertThat(text(system.get("/is/image/s3/photo2.jpg?req=exists"))).contains("catalogRecord.exists=1");
        assertThat(text(system.get("/is/image/s3/nothere.jpg?req=exists"))).contains("catalogRecord.exists=0");
        HttpResponse<byte[]> missingInBucket = system.get("/is/image/s3/nothere.jpg?wid=100");
        HttpResponse<byte[]> missingOnDisk = system.get("/is/image/local/nothere.jpg?wid=100");
        assertThat(missingInBucket.statusCode()).isEqualTo(missingOnDisk.statusCode());
        assertThat(text(missingInBucket).replace("s3/nothere", "local/nothere")).isEqualTo(text(missingOnDisk));
    }

    @Test
    void imagepropsOfAJpegInTheBucketReadsItsHeaderOnly() throws IOException {
        byte[] photo = Files.readAllBytes(system.root.resolve("images/local/photo1.jpg"));
        put("s3/props.jpg", photo);
        counted.reset();
        String fromBucket = text(system.get("/is/image/s3/props.jpg?req=imageprops"));
        long served = counted.bytesServed();
        String fromDisk = text(system.get("/is/image/local/photo1.jpg?req=imageprops"));
        System.out.printf("[s3] req=imageprops of a %d byte JPEG never read before: %d bytes read from the bucket%n",
                photo.length, served);
        assertThat(served).isLessThan(photo.length / 4);
        for (String line : fromDisk.lines().filter(l -> l.startsWith("image.") && !l.contains("translatedId")
                && !l.contains("timeStamp") && !l.contains("TimeStamp")).toList()) {
            assertThat(fromBucket).as("as from disk").contains(line);
        }
        assertThat(fromBucket).contains("image.width=2408");
        png(system.get("/is/image/s3/props.jpg?wid=200&fmt=png&cache=off"));
    }

    @Test
    void anSvgInTheBucketRendersAsTheSameSvgOnDisk() {
        for (String request : List.of("logo-gradient.svg?wid=400&fmt=png", "logo-gradient.svg?wid=90&hei=90&fmt=png",
                "logo-gradient.svg?req=imageprops", "logo-unnamed?wid=300&fmt=png")) {
            HttpResponse<byte[]> fromDisk = system.get("/is/image/local/" + request);
            HttpResponse<byte[]> fromBucket = system.get("/is/image/s3/" + request);
            assertThat(fromBucket.statusCode()).as(text(fromBucket)).isEqualTo(200);
            if (request.contains("fmt=png")) {
                assertThat(png(fromBucket).getWidth()).as(request).isGreaterThan(0);
                assertThat(fromBucket.body()).as(request).isEqualTo(fromDisk.body());
            } else {
                List<String> size = text(fromDisk).lines()
                        .filter(l -> l.startsWith("image.width=") || l.startsWith("image.height=")).toList();
                assertThat(size).hasSize(2);
                assertThat(text(fromBucket).lines()).containsAll(size);
            }
        }
    }

    @Test
    void anSvgObjectOverTheSizeLimitIsRefusedBeforeItsBytesAreRead() {
        byte[] big = ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><!--"
                + "x".repeat(1100 * 1024) + "--></svg>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        put("s3/oversized.svg", big);
        counted.reset();
        HttpResponse<byte[]> refused = system.get("/is/image/s3/oversized.svg?wid=100&fmt=png&cache=off");
        assertThat(refused.statusCode()).as(text(refused)).isEqualTo(403);
        assertThat(text(refused)).contains("SVGFileSizeLimit");
        assertThat(counted.bytesServed()).as("HEAD requests only").isLessThan(big.length / 100);
    }

    @Test
    void hostileSvgsInTheBucketLoadNothing() {
        for (String hostile : HOSTILE_SVGS) {
            HttpResponse<byte[]> response = system.get("/is/image/s3/hostile/" + hostile + "?wid=100&fmt=png");
            assertThat(tripwire.hits()).as(hostile + ": requests that reached the listener on 127.0.0.1").isEmpty();
            assertThat(text(response)).doesNotContain("root:x:0");
            assertThat(response.statusCode()).as(hostile + ": " + text(response)).isIn(200, 403);
            if (response.statusCode() == 403) {
                assertThat(text(response)).startsWith("#S7Z ERROR");
            }
        }
        // the refusal is the SVG server's, naming the reference: the document reached it, it was not turned away before
        HttpResponse<byte[]> named = system.get("/is/image/s3/hostile/external-image.svg?wid=10");
        assertThat(named.statusCode()).isEqualTo(403);
        assertThat(text(named)).contains("self-contained", "/image.png");
        assertThat(system.get("/is/image/s3/logo-gradient.svg?wid=20&fmt=png").statusCode()).isEqualTo(200);
    }

    @Test
    void staticContentFromTheBucketIsTheFileFromDisk() {
        for (String item : List.of("clip.mp4", "site.css")) {
            HttpResponse<byte[]> fromDisk = system.get("/is/content/local/" + item);
            HttpResponse<byte[]> fromBucket = system.get("/is/content/s3/" + item);
            assertThat(fromBucket.statusCode()).as(text(fromBucket)).isEqualTo(200);
            assertThat(fromBucket.body()).as(item).isEqualTo(fromDisk.body());
            for (String name : List.of("Content-Type", "Content-Length", "Cache-Control", "Accept-Ranges")) {
                assertThat(header(fromBucket, name)).as(item + " " + name).isEqualTo(header(fromDisk, name));
            }
            assertThat(header(fromBucket, "ETag")).isNotBlank();
            assertThat(header(fromBucket, "Last-Modified")).isNotBlank();
        }
        assertThat(system.get("/is/content/s3/clip.mp4").body()).isEqualTo(video);

        HttpResponse<byte[]> part = system.get("/is/content/s3/clip.mp4", "Range", "bytes=1000000-1000099");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(video, 1_000_000, 1_000_100));
        assertThat(header(part, "Content-Range")).isEqualTo("bytes 1000000-1000099/" + video.length);

        assertThat(text(system.get("/is/content/s3/clip.mp4?req=props"))).contains("length=" + video.length + "\n");
        // req=exists tells of catalog records: the record's item in the bucket exists, a record-less path never does
        assertThat(text(system.get("/is/content/bucketdocs/style?req=exists"))).contains("catalogRecord.exists=1");
        assertThat(withoutComments(text(system.get("/is/content/s3/clip.mp4?req=exists"))))
                .isEqualTo(withoutComments(text(system.get("/is/content/local/clip.mp4?req=exists")))).isNotEmpty();
        HttpResponse<byte[]> head = system.head("/is/content/s3/clip.mp4");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(video.length));

        HttpResponse<byte[]> style = system.get("/is/content/bucketdocs/style?type=css");
        assertThat(style.statusCode()).as(text(style)).isEqualTo(200);
        assertThat(text(style)).isEqualTo("body { color: teal; }\n");
        assertThat(header(style, "Cache-Control")).isEqualTo("public, max-age=10800"); // the record's Expiration=3
        assertThat(system.get("/is/content/bucketdocs/style?type=video").statusCode()).isEqualTo(403);

        HttpResponse<byte[]> missingInBucket = system.get("/is/content/s3/nothere.mp4");
        HttpResponse<byte[]> missingOnDisk = system.get("/is/content/local/nothere.mp4");
        assertThat(missingInBucket.statusCode()).isEqualTo(missingOnDisk.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(withoutComments(text(missingInBucket).replace("s3/nothere", "local/nothere")))
                .isEqualTo(withoutComments(text(missingOnDisk))).isNotEmpty();
    }

    /** The reply's lines but its '#' ones (a date among them, which may change between two requests). */
    private static List<String> withoutComments(String reply) {
        return reply.lines().filter(l -> !l.startsWith("#")).toList();
    }

    @Test
    void staticContentFromTheBucketIsRevalidatedByItsVersion() {
        byte[] first = "first version\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] second = "the second version\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        putContent("s3/notes.txt", first);
        HttpResponse<byte[]> original = system.get("/is/content/s3/notes.txt");
        assertThat(original.body()).isEqualTo(first);
        String etag = header(original, "ETag");
        counted.reset();
        HttpResponse<byte[]> unchanged = system.get("/is/content/s3/notes.txt", "If-None-Match", etag);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(counted.bytesServed()).as("a 304 costs the HEAD alone").isLessThan(2000);
        assertThat(system.get("/is/content/s3/notes.txt", "If-Modified-Since", header(original, "Last-Modified"))
                .statusCode()).isEqualTo(304);

        putContent("s3/notes.txt", second);
        // the Platform Server keeps what a HEAD told it for IS::S3MetadataTtl: the new version shows within that
        await("the replaced object is seen", METADATA_TTL.plusSeconds(5),
                () -> system.get("/is/content/s3/notes.txt", "If-None-Match", etag).statusCode() == 200);
        HttpResponse<byte[]> replaced = system.get("/is/content/s3/notes.txt", "If-None-Match", etag);
        assertThat(replaced.statusCode()).as("the old ETag no longer matches").isEqualTo(200);
        assertThat(replaced.body()).isEqualTo(second);
        assertThat(header(replaced, "ETag")).isNotEqualTo(etag);
        assertThat(system.get("/is/content/s3/notes.txt", "If-None-Match", header(replaced, "ETag")).statusCode())
                .isEqualTo(304);
    }

    @Test
    void staticContentLargerThanThePlatformServersHeapIsStreamed() throws Exception {
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> reply = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.psPort
                        + "/is/content/s3/huge.bin")).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(header(reply, "Content-Length")).isEqualTo(Long.toString(HUGE_BYTES));
        assertThat(sha256(reply.body())).as("%d MB through a ps of %d MB heap", HUGE_BYTES >> 20, PS_HEAP_MB)
                .isEqualTo(hugeDigest);
        System.out.printf("[s3] /is/content of a %d MB object in the bucket through a ps of %d MB heap: %.0f MB/s%n",
                HUGE_BYTES >> 20, PS_HEAP_MB, (HUGE_BYTES >> 20) / ((System.nanoTime() - start) / 1e9));
        assertThat(system.get("/is/content/s3/site.css").statusCode()).as("ps still serves").isEqualTo(200);
    }

    static String sha256(java.io.InputStream in) throws IOException {
        try (in) {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void reqXmpOfAnObjectIsItsPacketAsFromDisk() throws IOException {
        String packet = "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
                + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
                + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" dc:format=\"bucket-xmp-marker\"/></rdf:RDF>"
                + "</x:xmpmeta><?xpacket end=\"w\"?>";
        byte[] jpeg = withXmp(Files.readAllBytes(system.root.resolve("images/local/photo2.jpg")), packet);
        Files.write(system.root.resolve("images/local/xmp.jpg"), jpeg);
        put("s3/xmp.jpg", jpeg);
        String fromDisk = text(system.get("/is/image/local/xmp.jpg?req=xmp"));
        String fromBucket = text(system.get("/is/image/s3/xmp.jpg?req=xmp"));
        assertThat(fromDisk).contains("bucket-xmp-marker");
        assertThat(fromBucket).isEqualTo(fromDisk);
    }

    /** The JPEG with an XMP APP1 segment right after its SOI marker, as Adobe's tools write it. */
    private static byte[] withXmp(byte[] jpeg, String packet) {
        byte[] namespace = "http://ns.adobe.com/xap/1.0/\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] xmp = packet.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int length = 2 + namespace.length + xmp.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.writeBytes(namespace);
        out.writeBytes(xmp);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** First: a req=imageprops of a TIFF (info.json asks one) brings the whole object into is's local copy. */
    @Test
    @Order(1)
    void aThumbnailOfA50MegapixelPyramidReadsASmallFractionOfTheObject() {
        counted.reset();
        BufferedImage thumbnail = png(system.get("/is/image/s3/big.tif?wid=400&fmt=png&cache=off"));
        long served = counted.bytesServed();
        assertThat(thumbnail.getWidth()).isEqualTo(400);
        System.out.printf("[s3] 400 px thumbnail of a 50 MP pyramid TIFF (8640 x 5760, %d bytes): %d bytes read from"
                + " the bucket, response heads included (%.2f%% of the object)%n", bigObjectSize, served,
                100.0 * served / bigObjectSize);
        assertThat(served).isLessThan(bigObjectSize / 10);
        counted.reset();
        png(system.get("/is/image/s3/big.tif?wid=400&fmt=png&cache=off"));
        System.out.printf("[s3] the same thumbnail again: %d bytes (the blocks are in the local copy, the HEADs kept for "
                + "IS::S3MetadataTtl)%n",
                counted.bytesServed());
    }

    @Test
    void aReplacedObjectIsRenderedAgainUnderBothValidationPolicies() throws Exception {
        replacedObjectIsRenderedAgain("swap.jpg", "bucketshop", METADATA_TTL);
    }

    /**
     * {@code key} replaced in the bucket: under CacheValidationPolicy=0 served from the cache until checked, then (at
     * the latest a {@code ttl} later: the HEAD the servers keep) rendered again; under 1 when its catalog changes.
     */
    private void replacedObjectIsRenderedAgain(String key, String catalog, Duration ttl) throws Exception {
        put("s3/" + key, jpeg(Color.RED));
        system.writeCatalog(catalog + ".ini", String.join("\n", "RootId=" + catalog, "RootPath=s3",
                "CacheValidationPolicy=1", ""));
        await("the catalog is read", Duration.ofSeconds(20),
                () -> system.get("/is/image/" + catalog + "/" + key + "?wid=30&fmt=png").statusCode() == 200);
        assertThat(red(system.get("/is/image/s3/" + key + "?wid=30&fmt=png"))).isTrue();
        assertThat(red(system.get("/is/image/" + catalog + "/" + key + "?wid=30&fmt=png"))).isTrue();
        put("s3/" + key, jpeg(Color.BLUE));
        long replaced = System.nanoTime();

        assertThat(red(system.get("/is/image/s3/" + key + "?wid=30&fmt=png")))
                .as("CacheValidationPolicy=0: served from the cache until the entry is checked again").isTrue();
        if (ttl.isZero()) {
            assertThat(red(system.get("/is/image/s3/" + key + "?wid=30&fmt=png&cache=on,validate")))
                    .as("checked now: the ETag changed, rendered again from the new object").isFalse();
        } else {
            await("checked: the ETag changed, seen within IS::S3MetadataTtl", ttl.plusSeconds(10),
                    () -> !red(system.get("/is/image/s3/" + key + "?wid=30&fmt=png&cache=on,validate")));
            System.out.printf("[s3] a replaced object was rendered again %.1f s after it was replaced "
                    + "(IS::S3MetadataTtl %d ms)%n", (System.nanoTime() - replaced) / 1e9, ttl.toMillis());
        }
        assertThat(red(system.get("/is/image/s3/" + key + "?wid=30&fmt=png")))
                .as("the new render replaced the cache entry").isFalse();

        assertThat(red(system.get("/is/image/" + catalog + "/" + key + "?wid=30&fmt=png")))
                .as("CacheValidationPolicy=1: the catalog did not change").isTrue();
        Files.setLastModifiedTime(system.root.resolve("catalog/" + catalog + ".ini"), FileTime.from(Instant.now()));
        await("the republished catalog makes the entry stale; the new object is rendered", Duration.ofSeconds(20),
                () -> !red(system.get("/is/image/" + catalog + "/" + key + "?wid=30&fmt=png")));
    }

    /**
     * Before {@code IS::S3MetadataTtl} and the version pin, an uncached render cost three HEADs (ps to find the
     * object, ps to validate, is to open it) and a cache hit two. Now ps's find and validation share one HEAD, is
     * renders the version ps pinned without one, and a hit within the TTL asks nothing.
     */
    @Test
    void headsPerUncachedRenderAndPerHit() {
        put("s3/heads.jpg", jpeg(Color.GREEN));
        counted.reset();
        png(system.get("/is/image/s3/heads.jpg?wid=31&fmt=png"));
        int render = counted.heads();
        counted.reset();
        png(system.get("/is/image/s3/heads.jpg?wid=31&fmt=png"));
        int hit = counted.heads();
        System.out.printf("[s3] HEADs with IS::S3MetadataTtl=%d ms: %d for an uncached render, %d for a cache hit%n",
                METADATA_TTL.toMillis(), render, hit);
        assertThat(render).as("one HEAD, by ps; is renders the version ps pinned").isEqualTo(1);
        assertThat(hit).as("within the TTL").isZero();
    }

    @Test
    void infoJsonOfAPyramidInTheBucketIsTheOneFromDisk() {
        String fromDisk = text(system.get("/iiif/3/local%2Fpyramid.tif/info.json"));
        counted.reset();
        HttpResponse<byte[]> fromBucket = system.get("/iiif/3/s3%2Fpyramid.tif/info.json");
        long first = counted.bytesServed();
        assertThat(fromBucket.statusCode()).as(text(fromBucket)).isEqualTo(200);
        assertThat(fromDisk).contains("{\"width\": 600, \"height\": 400}").contains("\"scaleFactors\": [1, 2, 4");
        assertThat(text(fromBucket).replace("s3%2Fpyramid.tif", "local%2Fpyramid.tif")).isEqualTo(fromDisk);
        // again: the size (is, req=imageprops) now comes from the response cache, the directories are read again by ps
        counted.reset();
        assertThat(text(system.get("/iiif/3/s3%2Fpyramid.tif/info.json"))).isEqualTo(text(fromBucket));
        long directories = counted.bytesServed();
        long size = client.headObject(b -> b.bucket(BUCKET).key("catalog/s3/pyramid.tif")).contentLength();
        System.out.printf("[s3] IIIF info.json of a pyramid TIFF in the bucket (%d bytes): %d bytes read the first "
                + "time (with is's req=imageprops), %d bytes for its directories%n", size, first, directories);
        assertThat(directories).as("the directories, not the object").isLessThan(size / 5);

        // a copy no server read yet: is's req=imageprops and ps's directories together
        client.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("catalog/s3/big.tif").destinationBucket(BUCKET)
                .destinationKey("catalog/s3/bigcopy.tif"));
        counted.reset();
        assertThat(system.get("/iiif/3/s3%2Fbigcopy.tif/info.json").statusCode()).isEqualTo(200);
        long bigFirst = counted.bytesServed();
        counted.reset();
        String big = text(system.get("/iiif/3/s3%2Fbigcopy.tif/info.json"));
        long bigServed = counted.bytesServed();
        System.out.printf("[s3] IIIF info.json of the 50 MP pyramid TIFF (%d bytes): %d bytes read the first time "
                + "(with is's req=imageprops), %d bytes for its directories%n", bigObjectSize, bigFirst, bigServed);
        assertThat(bigFirst).as("req=imageprops of a TIFF reads its header, not the object")
                .isLessThan(bigObjectSize / 20);
        assertThat(big).as("the pyramid's levels and its own 256 px tiles (the default is 512)")
                .contains("\"width\": 8640,").contains("{\"width\": 1080, \"height\": 720}")
                .contains("\"tiles\": [\n    {\"width\": 256,");
        assertThat(bigServed).isLessThan(bigObjectSize / 50);

        // req=imageprops of a TIFF read block by block from the object: as from the file
        String propsFromDisk = text(system.get("/is/image/local/pyramid.tif?req=imageprops"));
        String propsFromBucket = text(system.get("/is/image/s3/pyramid.tif?req=imageprops"));
        assertThat(propsFromDisk).contains("image.pixTyp");
        for (String line : propsFromDisk.lines().filter(l -> l.startsWith("image.") && !l.contains("translatedId")
                && !l.contains("timeStamp") && !l.contains("TimeStamp")).toList()) {
            assertThat(propsFromBucket).as("as from disk").contains(line);
        }
    }

    @Test
    void throttlingIsRetriedThenAnswered503WithoutTheCredential() throws IOException {
        // objects no server looked at yet: a HEAD kept for IS::S3MetadataTtl and a complete local copy would need no
        // request at all
        byte[] photo = Files.readAllBytes(system.root.resolve("images/local/photo1.jpg"));
        put("s3/retried.jpg", photo);
        put("s3/throttled.jpg", photo);
        counted.slowDown(2);
        try {
            assertThat(system.get("/is/image/s3/retried.jpg?wid=120&cache=off").statusCode())
                    .as("two 503 SlowDown answers, then the object: within IS::S3MaxRetries=2").isEqualTo(200);
            counted.slowDown(1000);
            HttpResponse<byte[]> throttled = system.get("/is/image/s3/throttled.jpg?wid=130&cache=off");
            assertThat(throttled.statusCode()).isEqualTo(503);
            assertThat(text(throttled)).contains("image storage unavailable").contains("503")
                    .doesNotContain(S3ProxyServer.CREDENTIAL);
        } finally {
            counted.slowDown(0);
        }
        assertThat(system.get("/is/image/s3/throttled.jpg?wid=130&cache=off").statusCode())
                .as("a failed HEAD is not kept").isEqualTo(200);
    }

    static boolean red(HttpResponse<byte[]> response) {
        int rgb = png(response).getRGB(5, 5);
        return (rgb >> 16 & 0xFF) > 200 && (rgb & 0xFF) < 60;
    }

    @Test
    void thumbnailRatesFromDiskAndFromTheBucket() {
        int rounds = Integer.getInteger("s3.benchRounds", 5);
        double disk = rate("local", rounds);
        double bucket = rate("s3", rounds);
        System.out.printf("[s3] 400 px JPEG thumbnails of 2400 x 1600 photos, cache=off, one connection: %.1f/s from"
                + " disk, %.1f/s from the bucket (%d requests each; master bytes cached locally after the first"
                + " read; the HEADs kept for IS::S3MetadataTtl=%d ms)%n", disk, bucket, rounds * 3,
                METADATA_TTL.toMillis());
        assertThat(bucket).isPositive();
        // objects never read before: each thumbnail fetches its whole object (a JPEG is read whole)
        for (int i = 0; i < 3; i++) {
            try {
                put("s3/cold" + i + ".jpg", Files.readAllBytes(system.root.resolve("images/local/photo" + i + ".jpg")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        long uploaded = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            png(system.get("/is/image/s3/cold" + i + ".jpg?wid=400&cache=off"));
        }
        System.out.printf("[s3] first thumbnail of an object never read before: %.0f ms each, against %.0f ms from"
                + " the local copy afterwards%n", (System.nanoTime() - uploaded) / 3e6, 1000 / bucket);
    }

    private static double rate(String folderName, int rounds) {
        for (int i = 0; i < 3; i++) {
            png(system.get("/is/image/" + folderName + "/photo" + i + ".jpg?wid=400&hei=399&cache=off"));
        }
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> reply = system.get("/is/image/" + folderName + "/photo" + i
                        + ".jpg?wid=400&cache=off");
                assertThat(reply.statusCode()).isEqualTo(200);
            }
        }
        return rounds * 3 / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Last: {@code IS::S3MetadataTtl=0} (both servers restarted). Every look asks the bucket, so a replaced object is
     * seen at once; is still asks nothing (the pin), so an uncached render costs ps's two HEADs (find, validate), and a
     * hit on a fresh entry one (find).
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void withoutTheMetadataTtlAReplacedObjectIsSeenAtOnce() throws Exception {
        system.edit("ImageServerRegistry.xml", Map.of("<S3MetadataTtl>" + METADATA_TTL.toMillis() + "</S3MetadataTtl>",
                "<S3MetadataTtl>0</S3MetadataTtl>"));
        for (String component : List.of("is", "ps")) {
            Run restart = system.script("restart", component);
            assertThat(restart.exitCode()).as(restart.toString()).isZero();
        }
        await("ps answers after the restart", Duration.ofSeconds(60),
                () -> system.get("/is/image/s3/photo0.jpg?req=exists").statusCode() == 200);
        put("s3/heads0.jpg", jpeg(Color.GREEN));
        counted.reset();
        png(system.get("/is/image/s3/heads0.jpg?wid=31&fmt=png"));
        int render = counted.heads();
        counted.reset();
        png(system.get("/is/image/s3/heads0.jpg?wid=31&fmt=png"));
        int hit = counted.heads();
        System.out.printf("[s3] HEADs with IS::S3MetadataTtl=0: %d for an uncached render, %d for a cache hit%n",
                render, hit);
        assertThat(render).as("ps finds and validates; is renders the pinned version").isEqualTo(2);
        assertThat(hit).as("ps finds; a fresh entry is not validated").isEqualTo(1);
        replacedObjectIsRenderedAgain("swap0.jpg", "bucketshop0", Duration.ZERO);
    }
}
