package org.imageserving.common.imaging.source.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The S3 API as the sources need it: HEAD (does the object exist, which version is it) and ranged GETs pinned to one
 * version with {@code If-Match}. Timeouts, throttling (503 SlowDown) and 5xx are retried by the SDK's standard retry
 * strategy ({@code IS::S3MaxRetries}, exponential back-off with jitter); what still fails is an
 * {@link ObjectStoreException} whose message names the bucket, key and status but no credential.
 *
 * <p>What a HEAD told is kept for {@code IS::S3MetadataTtl} ({@link RecentHeads}); a ranged GET that finds the object
 * changed forgets it at once.
 *
 * <p>Thread-safe; one per process (the SDK client holds a connection pool).
 */
public final class ObjectStore implements AutoCloseable {
    private final S3Client client;
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong heads = new AtomicLong();
    private final RecentHeads recentHeads;

    /** Most answers kept: some 200 bytes each, so at most a few MB. */
    static final int MAX_RECENT_HEADS = 20_000;

    public ObjectStore(S3Settings settings) {
        this(settings, System::nanoTime);
    }

    /** @param nanoTime the clock the HEAD answers age by */
    public ObjectStore(S3Settings settings, LongSupplier nanoTime) {
        this.recentHeads = new RecentHeads(settings.metadataTtl(), MAX_RECENT_HEADS, nanoTime);
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.attemptTimeout())
                        .socketTimeout(settings.attemptTimeout()).build())
                .credentialsProvider(credentials(settings))
                .region(settings.region().map(Region::of).orElseGet(ObjectStore::defaultRegion))
                .forcePathStyle(settings.pathStyle())
                // S3-compatible servers that predate the SDK's default checksums (2.30) refuse or lack them; a ranged
                // GET has no whole-object checksum to check anyway
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o
                        .retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(b -> b.maxAttempts(settings.maxRetries() + 1))
                        .apiCallAttemptTimeout(settings.attemptTimeout())
                        .apiCallTimeout(settings.attemptTimeout().multipliedBy(settings.maxRetries() + 1L)
                                .plus(Duration.ofSeconds(settings.maxRetries()))));
        settings.endpoint().ifPresent(builder::endpointOverride);
        this.client = builder.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                    settings.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    private static Region defaultRegion() {
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (SdkException e) {
            return Region.US_EAST_1;
        }
    }

    /**
     * The object's version, or empty when there is none under that key (404): as a HEAD told less than
     * {@code IS::S3MetadataTtl} ago, else asked now.
     */
    public Optional<ObjectVersion> head(BucketRoot root, String key) {
        String id = id(root, key);
        Optional<Optional<ObjectVersion>> recent = recentHeads.recent(id);
        if (recent.isPresent()) {
            return recent.get();
        }
        long asked = recentHeads.now();
        Optional<ObjectVersion> version = freshHead(root, key);
        recentHeads.learned(id, version, asked);
        return version;
    }

    private static String id(BucketRoot root, String key) {
        return root.bucket() + "/" + key;
    }

    /** Forgets what a HEAD told of the object: it was found changed, the next {@link #head} asks the bucket. */
    public void forget(BucketRoot root, String key) {
        recentHeads.forget(id(root, key));
    }

    private Optional<ObjectVersion> freshHead(BucketRoot root, String key) {
        requests.incrementAndGet();
        heads.incrementAndGet();
        try {
            HeadObjectResponse head = client.headObject(b -> b.bucket(root.bucket()).key(key));
            return Optional.of(new ObjectVersion(head.eTag(), head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("HEAD", root, key, e);
        } catch (SdkException e) {
            throw failure("HEAD", root, key, e);
        }
    }

    /**
     * Bytes {@code from} to {@code to} (inclusive) of the object's version {@code etag}.
     *
     * @throws ObjectStoreException with {@link ObjectStoreException#changed()} when the object is no longer that version
     */
    public byte[] read(BucketRoot root, String key, String etag, long from, long to) {
        requests.incrementAndGet();
        GetObjectRequest request = GetObjectRequest.builder().bucket(root.bucket()).key(key)
                .range("bytes=" + from + "-" + to).ifMatch(etag).build();
        try {
            ResponseBytes<GetObjectResponse> bytes = client.getObjectAsBytes(request);
            byte[] data = bytes.asByteArrayUnsafe();
            bytesRead.addAndGet(data.length);
            if (data.length != to - from + 1) {
                throw new ObjectStoreException(String.format("s3://%s/%s: asked for %d bytes at %d, got %d",
                        root.bucket(), key, to - from + 1, from, data.length), true, null);
            }
            return data;
        } catch (SdkServiceException e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                forget(root, key);
                throw new ObjectStoreException("s3://" + root.bucket() + "/" + key + " changed while it was read",
                        true, e);
            }
            throw failure("GET", root, key, e);
        } catch (SdkException e) {
            throw failure("GET", root, key, e);
        }
    }

    /**
     * Bytes {@code from} to {@code to} (inclusive) of the object's version {@code etag} as a stream, for a reply that
     * passes them on without holding them (static content): one ranged GET, read as the caller writes. Closing it
     * early drops the connection. What it delivers counts in {@link #bytesRead} once read.
     *
     * @throws ObjectStoreException with {@link ObjectStoreException#changed()} when the object is no longer that version
     */
    public InputStream stream(BucketRoot root, String key, String etag, long from, long to) {
        requests.incrementAndGet();
        GetObjectRequest request = GetObjectRequest.builder().bucket(root.bucket()).key(key)
                .range("bytes=" + from + "-" + to).ifMatch(etag).build();
        try {
            return new FilterInputStream(client.getObject(request)) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    }
                    return n;
                }
            };
        } catch (SdkServiceException e) {
            if (e.statusCode() == 412 || e.statusCode() == 404) {
                throw new ObjectStoreException("s3://" + root.bucket() + "/" + key + " changed while it was read",
                        true, e);
            }
            throw failure("GET", root, key, e);
        } catch (SdkException e) {
            throw failure("GET", root, key, e);
        }
    }

    private static ObjectStoreException failure(String method, BucketRoot root, String key, SdkException e) {
        String status = e instanceof SdkServiceException service ? "status " + service.statusCode()
                + (service.isThrottlingException() ? " (throttled)" : "") : e.getClass().getSimpleName();
        return new ObjectStoreException(String.format("%s s3://%s/%s failed after retries: %s", method, root.bucket(),
                key, status), false, e);
    }

    /** Bytes the ranged GETs brought since the start (what the block cache did not have). */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** HEAD requests sent since the start (retries not counted): what the recent answers did not have. */
    public long heads() {
        return heads.get();
    }

    /** HEAD and GET requests sent since the start (retries not counted). */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        client.close();
    }
}
