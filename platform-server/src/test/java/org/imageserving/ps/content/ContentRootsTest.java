package org.imageserving.ps.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.imageserving.common.imaging.source.SourceRoot;
import org.imageserving.common.imaging.source.s3.BucketRoot;
import org.imageserving.common.imaging.source.s3.ObjectStore;
import org.imageserving.common.imaging.source.s3.S3Settings;
import org.imageserving.ps.http.RequestException;
import org.imageserving.testkit.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The static-content roots in order, a folder and a bucket prefix of a real s3proxy: the first root that has an item
 * wins, a key never leaves its prefix, an absolute catalog path names a file only, and a store that does not answer
 * is a 503.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentRootsTest {
    @TempDir
    static Path folder;
    S3ProxyServer s3;
    S3Client client;
    ObjectStore store;
    Path files;
    ContentRoots roots;

    @BeforeAll
    void start() throws IOException {
        s3 = S3ProxyServer.start(Files.createDirectories(folder.resolve("s3")));
        client = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL))).build();
        client.createBucket(b -> b.bucket("content"));
        put("static/both.txt", "from the bucket");
        put("static/css/only-in-bucket.css", "body {}");
        put("secret.txt", "outside the prefix");
        store = new ObjectStore(settings(URI.create(s3.endpoint())));
        files = Files.createDirectories(folder.resolve("files"));
        Files.writeString(files.resolve("both.txt"), "from the folder");
        roots = new ContentRoots(List.of(new SourceRoot.Folder(files),
                new SourceRoot.Bucket(BucketRoot.parse("s3://content/static/"))), store);
    }

    @AfterAll
    void stop() {
        store.close();
        client.close();
        s3.close();
    }

    void put(String key, String text) {
        client.putObject(b -> b.bucket("content").key(key), RequestBody.fromString(text));
    }

    static S3Settings settings(URI endpoint) {
        return new S3Settings(Optional.of(endpoint), Optional.of("us-east-1"), Optional.of(S3ProxyServer.IDENTITY),
                Optional.of(S3ProxyServer.CREDENTIAL), true, Duration.ofSeconds(2), 0, Path.of("unused"), 1,
                Duration.ZERO);
    }

    @Test
    void theFirstRootThatHasTheItemWins() throws IOException {
        assertThat(roots.find(Path.of("both.txt"))).containsInstanceOf(ContentRoots.Found.File.class);
        ContentRoots.Found object = roots.find(Path.of("css/only-in-bucket.css")).orElseThrow();
        assertThat(object).isInstanceOf(ContentRoots.Found.Object.class);
        assertThat(((ContentRoots.Found.Object) object).key()).isEqualTo("static/css/only-in-bucket.css");
        assertThat(object.size()).isEqualTo(7);
        assertThat(object.name()).isEqualTo("only-in-bucket.css");
        assertThat(object.lastModified()).isPositive();
        assertThat(roots.find(Path.of("css/nothere.css"))).isEmpty();
    }

    @Test
    void aKeyNeverLeavesItsPrefix() {
        assertThatThrownBy(() -> roots.find(Path.of("css/../../secret.txt"))).as("outside the folder too")
                .isInstanceOf(RequestException.class).hasMessageContaining("outside");
        ContentRoots bucketOnly = new ContentRoots(List.of(new SourceRoot.Bucket(BucketRoot.parse(
                "s3://content/static/"))), store);
        assertThatThrownBy(() -> bucketOnly.find(Path.of("../secret.txt"))).isInstanceOf(RequestException.class)
                .hasMessageContaining("outside");
        assertThat(bucketOnly.find(Path.of("css/./only-in-bucket.css"))).isPresent();
        assertThat(bucketOnly.find(Path.of("css/x/../only-in-bucket.css"))).as("climbs within the prefix").isPresent();
    }

    @Test
    void anAbsoluteCatalogPathNamesAFileNotAKey() {
        ContentRoots bucketOnly = new ContentRoots(List.of(new SourceRoot.Bucket(BucketRoot.parse(
                "s3://content/static/"))), store);
        assertThatThrownBy(() -> bucketOnly.find(Path.of("/static/both.txt"))).isInstanceOf(RequestException.class)
                .hasMessageContaining("outside");
        assertThat(roots.find(files.resolve("both.txt"))).containsInstanceOf(ContentRoots.Found.File.class);
    }

    @Test
    void aStoreThatDoesNotAnswerIsA503() throws IOException {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (ObjectStore down = new ObjectStore(settings(URI.create("http://127.0.0.1:" + closedPort)))) {
            ContentRoots unreachable = new ContentRoots(List.of(new SourceRoot.Bucket(BucketRoot.parse(
                    "s3://content/static/"))), down);
            assertThatThrownBy(() -> unreachable.find(Path.of("both.txt"))).isInstanceOf(RequestException.class)
                    .satisfies(e -> assertThat(((RequestException) e).status()).isEqualTo(503))
                    .hasMessageContaining("static content storage unavailable")
                    .hasMessageNotContaining(S3ProxyServer.CREDENTIAL);
        }
    }
}
