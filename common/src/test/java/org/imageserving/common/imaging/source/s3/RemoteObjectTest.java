package org.imageserving.common.imaging.source.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.imageserving.common.imaging.source.InvalidSourcePathException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranged reads of objects in a real S3 API server (s3proxy, counted by a relay in front): a read brings only the
 * blocks it touches and only once, a replaced object is read again, the local copies stay within their size, missing
 * objects are missing, throttling is retried and then reported without the credential, and keys never leave their
 * prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteObjectTest {
    static final String BUCKET = "masters";
    static final int BLOCK = 64 * 1024;
    @TempDir
    static Path folder;
    S3ProxyFixture s3;
    BucketRoot root = BucketRoot.parse("s3://masters/catalog/");

    @BeforeAll
    void start() {
        s3 = new S3ProxyFixture(folder.resolve("s3"), BUCKET);
    }

    @AfterAll
    void stop() throws IOException {
        s3.close();
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    MasterCache cache(String name, long bytes, int retries) {
        return new MasterCache(new ObjectStore(s3.settings(folder.resolve(name), bytes, retries)),
                folder.resolve(name), bytes, BLOCK);
    }

    @Test
    void aReadBringsOnlyTheBlocksItTouchesAndOnlyOnce() throws IOException {
        byte[] object = random(4 * 1024 * 1024, 1);
        s3.put(BUCKET, "catalog/big.bin", object);
        MasterCache cache = cache("ranged", 64L << 20, 2);
        RemoteObject remote = cache.open(root, root.key("big.bin")).orElseThrow();
        s3.proxy.reset();
        ByteBuffer read = ByteBuffer.allocate(1000);
        assertThat(remote.read(3_000_000, read)).isEqualTo(1000);
        assertThat(read.array()).isEqualTo(Arrays.copyOfRange(object, 3_000_000, 3_001_000));
        long first = s3.proxy.bytesServed();
        assertThat(first).as("one 64 KiB block and a response head").isBetween((long) BLOCK, BLOCK + 2_000L);
        read.clear();
        remote.read(3_000_500, read);
        assertThat(s3.proxy.bytesServed()).as("the same block again: from the local copy").isEqualTo(first);
        assertThat(remote.isComplete()).isFalse();
        assertThat(Files.readAllBytes(remote.complete())).isEqualTo(object);
        assertThat(s3.proxy.bytesServed()).as("the rest once, the block already read not again")
                .isLessThan(object.length + 10_000L);
    }

    @Test
    void aStreamedRangeIsThatRangeOfThatVersionPassedOnAsRead() throws IOException {
        byte[] object = random(2 * 1024 * 1024, 7);
        s3.put(BUCKET, "catalog/streamed.bin", object);
        ObjectStore store = new ObjectStore(s3.settings(folder.resolve("streamed"), 1 << 20, 2));
        ObjectVersion version = store.head(root, root.key("streamed.bin")).orElseThrow();
        long before = store.bytesRead();
        try (java.io.InputStream in = store.stream(root, root.key("streamed.bin"), version.etag(), 1000, 1_500_999)) {
            assertThat(store.bytesRead()).as("counted as it is read, not when the GET is sent").isEqualTo(before);
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(object, 1000, 1_501_000));
        }
        assertThat(store.bytesRead() - before).isEqualTo(1_500_000);

        s3.put(BUCKET, "catalog/streamed.bin", random(1000, 8));
        assertThatThrownBy(() -> store.stream(root, root.key("streamed.bin"), version.etag(), 0, 99).close())
                .as("pinned to the version the reply described").isInstanceOf(ObjectStoreException.class)
                .satisfies(e -> assertThat(((ObjectStoreException) e).changed()).isTrue());
        store.close();
    }

    @Test
    void aReplacedObjectIsReadAgain() throws IOException {
        s3.put(BUCKET, "catalog/replaced.bin", random(100_000, 2));
        MasterCache cache = cache("replaced", 64L << 20, 2);
        RemoteObject before = cache.open(root, root.key("replaced.bin")).orElseThrow();
        byte[] old = Files.readAllBytes(before.complete());
        byte[] replacement = random(100_000, 3);
        s3.put(BUCKET, "catalog/replaced.bin", replacement);
        RemoteObject after = cache.open(root, root.key("replaced.bin")).orElseThrow();
        assertThat(after.version().etag()).isNotEqualTo(before.version().etag());
        assertThat(Files.readAllBytes(after.complete())).isEqualTo(replacement).isNotEqualTo(old);
        assertThat(cache.open(root, root.key("replaced.bin")).orElseThrow()).as("unchanged: the same copy")
                .isSameAs(after);
    }

    @Test
    void theCopiesStayWithinTheirSize() {
        MasterCache cache = cache("bounded", 300_000, 2);
        for (int i = 0; i < 5; i++) {
            s3.put(BUCKET, "catalog/many-" + i + ".bin", random(200_000, 10 + i));
            cache.open(root, root.key("many-" + i + ".bin")).orElseThrow().complete();
            assertThat(cache.heldBytes()).isLessThanOrEqualTo(300_000 + 200_000);
        }
        assertThat(cache.heldBytes()).isLessThanOrEqualTo(300_000 + 200_000);
        try (var files = Files.list(folder.resolve("bounded"))) {
            assertThat(files.count()).isLessThanOrEqualTo(2);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aMissingObjectIsMissing() {
        MasterCache cache = cache("missing", 1 << 20, 2);
        assertThat(cache.open(root, root.key("no/such.jpg"))).isEmpty();
    }

    @Test
    void throttlingIsRetriedThenReportedWithoutTheCredential() {
        s3.put(BUCKET, "catalog/throttled.bin", random(1000, 4));
        ObjectStore store = new ObjectStore(s3.settings(folder.resolve("throttled"), 1 << 20, 3));
        s3.proxy.slowDown(2);
        assertThat(store.head(root, root.key("throttled.bin"))).as("two 503 SlowDown, then the answer").isPresent();
        s3.proxy.slowDown(100);
        try {
            assertThatThrownBy(() -> store.head(root, root.key("throttled.bin")))
                    .isInstanceOf(ObjectStoreException.class)
                    .hasMessageContaining("s3://masters/catalog/throttled.bin").hasMessageContaining("503")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(org.imageserving.testkit
                            .S3ProxyServer.CREDENTIAL));
        } finally {
            s3.proxy.slowDown(0);
        }
        assertThat(store.toString()).doesNotContain(org.imageserving.testkit.S3ProxyServer.CREDENTIAL);
        assertThat(s3.settings(folder, 1, 1).toString()).doesNotContain(org.imageserving.testkit.S3ProxyServer.CREDENTIAL);
    }

    @Test
    void keysNeverLeaveTheirPrefix() {
        assertThat(root.key("a/b.jpg")).isEqualTo("catalog/a/b.jpg");
        assertThat(root.key("/a//./b.jpg")).as("absolute and empty parts: relative to the prefix")
                .isEqualTo("catalog/a/b.jpg");
        assertThat(root.key("%2e%2e/x.jpg")).as("S3 keys are literal: nothing decodes this again")
                .isEqualTo("catalog/%2e%2e/x.jpg");
        for (String escaping : new String[] {"../x.jpg", "a/../../x.jpg", "..", "a\\..\\x.jpg", "c:/x.jpg",
                "s3://other/x.jpg", "a\0b.jpg", "", "/"}) {
            assertThatThrownBy(() -> root.key(escaping)).as(escaping).isInstanceOf(InvalidSourcePathException.class);
        }
        assertThat(BucketRoot.parse("s3://masters").prefix()).isEmpty();
        assertThat(BucketRoot.parse("s3://masters/a/b").prefix()).isEqualTo("a/b/");
        assertThatThrownBy(() -> BucketRoot.parse("s3://Bad_Bucket/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BucketRoot.parse("s3://masters/../up/")).isInstanceOf(IllegalArgumentException.class);
    }
}
