package org.imageserving.common.imaging.source.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the servers reach the buckets {@code IS::RootPath} names ({@code IS::S3*} in {@code ImageServerRegistry.xml},
 * names of our own: the original has no object storage; docs/configuration.md). Without an access key the SDK's
 * default chain applies (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ~/.aws/credentials, instance roles), and the
 * region likewise (AWS_REGION, ~/.aws/config) unless {@code IS::S3Region} gives one.
 *
 * @param endpoint        {@code IS::S3Endpoint}: an S3-compatible server's URL; empty for AWS itself
 * @param region          {@code IS::S3Region}; empty for the SDK's chain, then us-east-1
 * @param accessKeyId     {@code IS::S3AccessKeyId}; empty for the SDK's credential chain
 * @param secretAccessKey {@code IS::S3SecretAccessKey}: never printed ({@link #toString()} hides it)
 * @param pathStyle       {@code IS::S3PathStyleAccess}: bucket in the path, not the host name (most S3-compatible servers)
 * @param attemptTimeout  {@code IS::S3Timeout} (ms): one attempt's limit; the retries come on top
 * @param maxRetries      {@code IS::S3MaxRetries}: retries of timeouts, throttling (503 SlowDown) and 5xx, with back-off
 * @param cacheDirectory  {@code IS::S3CacheDirectory}: the local copies of master bytes
 * @param cacheBytes      {@code IS::S3CacheSize} (MB in the file): the most the local copies may hold
 * @param metadataTtl     {@code IS::S3MetadataTtl} (ms in the file): how long what a HEAD told (an object's version, or
 *                        that it is missing) is used before the bucket is asked again; zero asks every time
 */
public record S3Settings(Optional<URI> endpoint, Optional<String> region, Optional<String> accessKeyId,
                         Optional<String> secretAccessKey, boolean pathStyle, Duration attemptTimeout, int maxRetries,
                         Path cacheDirectory, long cacheBytes, Duration metadataTtl) {

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("(AWS)") + ", region="
                + region.orElse("(default chain)") + ", accessKeyId=" + accessKeyId.orElse("(default chain)")
                + ", secretAccessKey=" + (secretAccessKey.isPresent() ? "(set)" : "(default chain)") + ", pathStyle="
                + pathStyle + ", attemptTimeout=" + attemptTimeout + ", maxRetries=" + maxRetries + ", cacheDirectory="
                + cacheDirectory + ", cacheBytes=" + cacheBytes + ", metadataTtl=" + metadataTtl + "]";
    }
}
