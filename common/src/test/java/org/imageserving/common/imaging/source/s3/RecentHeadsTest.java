package org.imageserving.common.imaging.source.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code IS::S3MetadataTtl} against a real S3 API server, with a clock the test moves: within the TTL a version or a
 * missing object is told from memory, after it the bucket is asked again and a replacement is seen; a read that finds
 * the object changed forgets at once; zero asks every time; the answers kept are bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecentHeadsTest {
    static final String BUCKET = "masters";
    @TempDir
    static Path folder;
    S3ProxyFixture s3;
    final BucketRoot root = BucketRoot.parse("s3://masters/heads/");
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    @BeforeAll
    void start() {
        s3 = new S3ProxyFixture(folder.resolve("s3"), BUCKET);
    }

    @AfterAll
    void stop() throws IOException {
        s3.close();
    }

    ObjectStore store(Duration ttl) {
        return new ObjectStore(s3.settings(folder.resolve("unused"), 1 << 20, 0, ttl), now::get);
    }

    void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void aVersionIsToldFromMemoryWithinTheTtlAndAskedAgainAfterIt() {
        s3.put(BUCKET, "heads/a.jpg", "first".getBytes(StandardCharsets.UTF_8));
        ObjectStore store = store(Duration.ofSeconds(5));
        ObjectVersion first = store.head(root, "heads/a.jpg").orElseThrow();
        s3.put(BUCKET, "heads/a.jpg", "second, longer".getBytes(StandardCharsets.UTF_8));
        advance(Duration.ofMillis(4_999));
        assertThat(store.head(root, "heads/a.jpg")).as("within the TTL").hasValue(first);
        assertThat(store.heads()).isEqualTo(1);
        advance(Duration.ofMillis(1));
        ObjectVersion second = store.head(root, "heads/a.jpg").orElseThrow();
        assertThat(second.etag()).as("a TTL later, the replacement").isNotEqualTo(first.etag());
        assertThat(second.size()).isEqualTo(14);
        assertThat(store.heads()).isEqualTo(2);
    }

    @Test
    void aMissingObjectIsRememberedForTheTtlOnly() {
        ObjectStore store = store(Duration.ofSeconds(2));
        assertThat(store.head(root, "heads/late.jpg")).isEmpty();
        s3.put(BUCKET, "heads/late.jpg", "here now".getBytes(StandardCharsets.UTF_8));
        advance(Duration.ofSeconds(1));
        assertThat(store.head(root, "heads/late.jpg")).as("still told missing within the TTL").isEmpty();
        assertThat(store.heads()).isEqualTo(1);
        advance(Duration.ofSeconds(1));
        assertThat(store.head(root, "heads/late.jpg")).isPresent();
        assertThat(store.heads()).isEqualTo(2);
    }

    @Test
    void aReadThatFindsTheObjectChangedForgetsItsVersion() {
        s3.put(BUCKET, "heads/b.jpg", "old bytes".getBytes(StandardCharsets.UTF_8));
        ObjectStore store = store(Duration.ofMinutes(1));
        ObjectVersion old = store.head(root, "heads/b.jpg").orElseThrow();
        s3.put(BUCKET, "heads/b.jpg", "new bytes!".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.read(root, "heads/b.jpg", old.etag(), 0, 3))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.changed()).isTrue());
        assertThat(store.head(root, "heads/b.jpg").orElseThrow().etag()).as("asked again at once")
                .isNotEqualTo(old.etag());
        assertThat(store.heads()).isEqualTo(2);
    }

    @Test
    void aZeroTtlAsksTheBucketEveryTime() {
        s3.put(BUCKET, "heads/c.jpg", "c".getBytes(StandardCharsets.UTF_8));
        ObjectStore store = store(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertThat(store.head(root, "heads/c.jpg")).isPresent();
            assertThat(store.head(root, "heads/none.jpg")).isEmpty();
        }
        assertThat(store.heads()).isEqualTo(6);
    }

    @Test
    void theAnswersKeptAreBoundedLeastRecentlyAskedFirst() {
        RecentHeads heads = new RecentHeads(Duration.ofSeconds(5), 2, now::get);
        ObjectVersion v = new ObjectVersion("\"e\"", 1, java.time.Instant.EPOCH);
        heads.learned("a", Optional.of(v), now.get());
        heads.learned("b", Optional.empty(), now.get());
        assertThat(heads.recent("a")).isPresent();
        heads.learned("c", Optional.of(v), now.get());
        assertThat(heads.size()).isEqualTo(2);
        assertThat(heads.recent("b")).as("the least recently asked went").isEmpty();
        assertThat(heads.recent("a")).hasValue(Optional.of(v));
        assertThat(heads.recent("c")).hasValue(Optional.of(v));
    }
}
