package org.imageserving.common.imaging.source.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.imageserving.testkit.CountingProxy;
import org.imageserving.testkit.S3ProxyServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** s3proxy behind a byte-counting relay, a bucket in it, and a client to put objects there (the test's own). */
final class S3ProxyFixture implements AutoCloseable {
    final S3ProxyServer server;
    final CountingProxy proxy;
    final S3Client client;

    S3ProxyFixture(Path folder, String bucket) {
        server = S3ProxyServer.start(folder);
        try {
            proxy = new CountingProxy(server.port());
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        }
        client = S3Client.builder().endpointOverride(URI.create(server.endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL))).build();
        client.createBucket(b -> b.bucket(bucket));
    }

    void put(String bucket, String key, byte[] bytes) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    void delete(String bucket, String key) {
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Settings that reach s3proxy through the counting relay with the test credential. */
    S3Settings settings(Path cache, long cacheBytes, int maxRetries) {
        return settings(cache, cacheBytes, maxRetries, Duration.ZERO);
    }

    /** The same, what a HEAD told kept for {@code metadataTtl}. */
    S3Settings settings(Path cache, long cacheBytes, int maxRetries, Duration metadataTtl) {
        return new S3Settings(Optional.of(URI.create(proxy.endpoint())), Optional.of("us-east-1"),
                Optional.of(S3ProxyServer.IDENTITY), Optional.of(S3ProxyServer.CREDENTIAL), true,
                Duration.ofSeconds(5), maxRetries, cache, cacheBytes, metadataTtl);
    }

    @Override
    public void close() throws IOException {
        client.close();
        proxy.close();
        server.close();
    }
}
