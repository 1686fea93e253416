package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.imageserving.ps.image.RenderedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseCacheTest {
    @TempDir
    Path folder;

    private static CacheEntry entry(int size, String version) {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        return new CacheEntry("image/png", new byte[size], t, t, version, Map.of("image.width", "7"));
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    /** Closes a cache once its start-up scan is done, so that it saves its index (a scan in progress never does). */
    private static void closeWithIndex(DiskResponseCache cache) throws Exception {
        TestWait.until(cache::indexComplete);
        cache.close();
    }

    @Test
    void leastRecentlyUsedEntriesGoFirstWithinSizeAndCount() throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder.resolve("a"), folder.resolve("b")), 250, 10, Duration.ZERO);
        cache.put("one", entry(100, "v"));
        cache.put("two", entry(100, "v"));
        assertThat(cache.get("one")).isPresent(); // "two" is now the least recently used
        cache.put("three", entry(100, "v"));
        assertThat(cache.get("two")).isEmpty();
        assertThat(cache.get("one")).isPresent();
        assertThat(cache.get("three")).isPresent();
        assertThat(cache.size()).isEqualTo(200);
        assertThat(entryFiles()).hasSize(2);

        DiskResponseCache counted = new DiskResponseCache(List.of(folder.resolve("c")), 1_000_000, 2);
        counted.put("x", entry(1, "v"));
        counted.put("y", entry(1, "v"));
        counted.put("z", entry(1, "v"));
        assertThat(counted.entries()).isEqualTo(2);
        assertThat(counted.get("x")).isEmpty();
    }

    @Test
    void anEntryDamagedOnDiskIsAMissAfterARestartAndIsDeleted() throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder), 1_000_000, 100);
        cache.put("k", entry(50, "v"));
        Path file = cache.file(ResponseCache.hash("k")).orElseThrow();
        closeWithIndex(cache);
        byte[] bytes = Files.readAllBytes(file);
        bytes[20] ^= 0x55;
        Files.write(file, bytes);
        DiskResponseCache reopened = new DiskResponseCache(List.of(folder), 1_000_000, 100);
        assertThat(reopened.entries()).isEqualTo(1);
        assertThat(reopened.get("k")).as("the first use checks the CRC").isEmpty();
        assertThat(file).doesNotExist();
        assertThat(reopened.entries()).isZero();
    }

    @Test
    void anEntryTruncatedOrDeletedWhileRunningIsAMissNotASendfileOfTheWrongLength() throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder), 1_000_000, 100);
        cache.put("cut", entry(50, "v"));
        cache.put("gone", entry(50, "v"));
        Path cut = cache.file(ResponseCache.hash("cut")).orElseThrow();
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), 40));
        Files.delete(cache.file(ResponseCache.hash("gone")).orElseThrow());
        assertThat(cache.get("cut")).isEmpty();
        assertThat(cache.get("gone")).isEmpty();
        assertThat(cache.entries()).isZero();
        assertThat(cut).doesNotExist();
    }

    @Test
    void aHitKnowsWhereItsBytesLieInTheEntryFile() throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder), 1_000_000, 100);
        byte[] body = "not really a png".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        cache.put("k", new CacheEntry("image/png", body, t, t, "v", Map.of("image.width", "7")));
        closeWithIndex(cache);
        StoredEntry hit = new DiskResponseCache(List.of(folder), 1_000_000, 100).get("k").orElseThrow();
        byte[] file = Files.readAllBytes(hit.file());
        assertThat(java.util.Arrays.copyOfRange(file, (int) hit.bodyOffset(), (int) (hit.bodyOffset() + hit.bodyLength())))
                .isEqualTo(body);
        assertThat(hit.etag()).isEqualTo(RenderedImage.md5(body));
        assertThat(hit.properties()).containsEntry("image.width", "7");
        RenderedImage image = hit.image();
        assertThat(image.length()).isEqualTo(body.length);
        assertThat(image.file()).isPresent();
        assertThat(image.body()).isEqualTo(body);
    }

    @Test
    void smallBodiesAreHeldInMemoryWithinTheBudgetAndReleasedWithTheirEntries() throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder), 1_000_000, 100, Duration.ZERO, 100);
        // the start-up scan must not meet the files this test damages on purpose: it would remove their entries
        TestWait.until(cache::indexComplete);
        byte[] body = new byte[60];
        java.util.Arrays.fill(body, (byte) 7);
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        cache.put("held", new CacheEntry("image/png", body, t, t, "v", Map.of()));
        cache.put("over", entry(60, "v"));
        assertThat(cache.heldBytes()).as("the second body does not fit the budget").isEqualTo(60);

        // the same length, other bytes, CRC intact for neither: only a body that is not held reads the file
        for (String key : List.of("held", "over")) {
            Path file = cache.file(ResponseCache.hash(key)).orElseThrow();
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length - 20] ^= 0x55;
            Files.write(file, bytes);
        }
        assertThat(cache.get("held").orElseThrow().image().body()).isEqualTo(body);
        assertThat(cache.get("over")).as("read at its hit, found damaged, removed").isEmpty();
        assertThat(cache.entries()).isEqualTo(1);

        cache.put("held", entry(30, "v2")); // the replacement is held in place of the old body
        assertThat(cache.heldBytes()).isEqualTo(30);
        assertThat(cache.get("held").orElseThrow().image().body()).hasSize(30);

        closeWithIndex(cache);
        DiskResponseCache reopened = new DiskResponseCache(List.of(folder), 1_000_000, 100, Duration.ZERO, 100);
        assertThat(reopened.heldBytes()).isZero();
        assertThat(reopened.get("held").orElseThrow().heldBody()).as("held at its first hit").hasSize(30);
        assertThat(reopened.heldBytes()).isEqualTo(30);
    }

    @Test
    void aRewriteGoesToANewFileAndTheOldOneIsDeletedOnlyAfterTheRetireDelay() throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder), 1_000_000, 100, Duration.ofMillis(300));
        cache.put("k", entry(10, "v1"));
        Path first = cache.file(ResponseCache.hash("k")).orElseThrow();
        cache.put("k", entry(12, "v2"));
        Path second = cache.file(ResponseCache.hash("k")).orElseThrow();
        assertThat(second).isNotEqualTo(first);
        assertThat(first).as("a hit may still be sending it").exists();
        assertThat(cache.get("k").orElseThrow().sourceVersion()).isEqualTo("v2");
        TestWait.until(() -> !Files.exists(first));
        assertThat(second).exists();
        assertThat(cache.size()).isEqualTo(12);
    }

    @Test
    void aRebuildKeepsTheNewerOfTwoFilesForOneKey() throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder), 1_000_000, 100, Duration.ofHours(1));
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        cache.put("k", new CacheEntry("image/png", new byte[3], t, t, "old", Map.of()));
        Path old = cache.file(ResponseCache.hash("k")).orElseThrow();
        cache.put("k", new CacheEntry("image/png", new byte[4], t.plusSeconds(5), t.plusSeconds(5), "new", Map.of()));
        Path current = cache.file(ResponseCache.hash("k")).orElseThrow();
        // a crash: no close(), the replaced file is still there
        DiskResponseCache rebuilt = new DiskResponseCache(List.of(folder), 1_000_000, 100);
        TestWait.until(() -> rebuilt.entries() == 1 && !Files.exists(old));
        assertThat(rebuilt.get("k").orElseThrow().sourceVersion()).isEqualTo("new");
        assertThat(current).exists();
    }

    @Test
    void theIndexSurvivesAnOrderlyShutdownAndIsRebuiltAfterACrash() throws Exception {
        DiskResponseCache cache = new DiskResponseCache(List.of(folder), 1_000_000, 100);
        cache.put("k1", entry(10, "v"));
        cache.put("k2", entry(20, "v"));
        closeWithIndex(cache);
        assertThat(folder.resolve("is-response/index")).exists();

        DiskResponseCache reopened = new DiskResponseCache(List.of(folder), 1_000_000, 100);
        assertThat(reopened.entries()).isEqualTo(2);
        assertThat(reopened.get("k2").orElseThrow().bodyLength()).isEqualTo(20);
        assertThat(folder.resolve("is-response/index")).as("removed while running").doesNotExist();

        // a crash: no index, a torn temporary file and a truncated entry
        Path dir = reopened.file(ResponseCache.hash("k1")).orElseThrow().getParent();
        Files.write(dir.resolve("junk.entry.1.tmp"), new byte[] {1, 2, 3});
        Path k2 = reopened.file(ResponseCache.hash("k2")).orElseThrow();
        Files.write(k2, java.util.Arrays.copyOf(Files.readAllBytes(k2), 30));
        DiskResponseCache rebuilt = new DiskResponseCache(List.of(folder), 1_000_000, 100);
        TestWait.until(() -> rebuilt.entries() == 1);
        assertThat(rebuilt.get("k1")).isPresent();
        assertThat(rebuilt.get("k2")).isEmpty();
        assertThat(dir.resolve("junk.entry.1.tmp")).doesNotExist();
    }

    @Test
    void freshEntriesAreReusedStaleOnesValidatedOrRenderedAgain() throws Exception {
        MutableClock clock = new MutableClock();
        CachedRenderer renderer = new CachedRenderer(new DiskResponseCache(List.of(folder), 1_000_000, 100), clock,
                Duration.ofMinutes(5));
        AtomicInteger renders = new AtomicInteger();
        AtomicReference<String> source = new AtomicReference<>("v1");
        var render = (java.util.function.Supplier<RenderedImage>) () ->
                new RenderedImage("image/png", new byte[] {(byte) renders.incrementAndGet()}, Map.of());
        Instant catalogTime = Instant.parse("2024-01-01T00:00:00Z");

        assertThat(renderer.serve("k", CachedRenderer.ServerMode.ON, false, catalogTime, source::get, render).use())
                .isEqualTo(CachedRenderer.Use.CREATED);
        assertThat(renderer.serve("k", CachedRenderer.ServerMode.ON, false, catalogTime, source::get, render).use())
                .isEqualTo(CachedRenderer.Use.REUSED);
        source.set("v2"); // the source was replaced: within the interval the entry is still served (policy 0)
        assertThat(renderer.serve("k", CachedRenderer.ServerMode.ON, false, catalogTime, source::get, render).image().body())
                .containsExactly(1);
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        var updated = renderer.serve("k", CachedRenderer.ServerMode.ON, false, catalogTime, source::get, render);
        assertThat(updated.use()).isEqualTo(CachedRenderer.Use.UPDATED);
        assertThat(updated.image().body()).containsExactly(2);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(renderer.serve("k", CachedRenderer.ServerMode.ON, false, catalogTime, source::get, render).use())
                .isEqualTo(CachedRenderer.Use.VALIDATED);
        // catalog-based: a newer catalog time stamp makes it stale at once
        assertThat(renderer.serve("k", CachedRenderer.ServerMode.ON, true, clock.now.plusSeconds(1), source::get, render).use())
                .isEqualTo(CachedRenderer.Use.VALIDATED);
        assertThat(renderer.serve("k", CachedRenderer.ServerMode.UPDATE, true, catalogTime, source::get, render).use())
                .isEqualTo(CachedRenderer.Use.UPDATED);
        assertThat(renderer.serve("k", CachedRenderer.ServerMode.OFF, true, catalogTime, source::get, render).use())
                .isEqualTo(CachedRenderer.Use.IGNORED);
        assertThat(renders).hasValue(4);
    }

    @Test
    void concurrentIdenticalMissesRenderOnce() throws Exception {
        CachedRenderer renderer = new CachedRenderer(new DiskResponseCache(List.of(folder), 1_000_000, 100),
                Clock.systemUTC(), Duration.ofMinutes(5));
        AtomicInteger renders = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var render = (java.util.function.Supplier<RenderedImage>) () -> {
                renders.incrementAndGet();
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new RenderedImage("image/png", new byte[] {42}, Map.of());
            };
            Future<CachedRenderer.Outcome> first = pool.submit(() ->
                    renderer.serve("same", CachedRenderer.ServerMode.ON, false, Instant.EPOCH, () -> "v", render));
            started.await();
            List<Future<CachedRenderer.Outcome>> others = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                others.add(pool.submit(() ->
                        renderer.serve("same", CachedRenderer.ServerMode.ON, false, Instant.EPOCH, () -> "v", render)));
            }
            release.countDown();
            assertThat(first.get().image().body()).containsExactly(42);
            for (Future<CachedRenderer.Outcome> other : others) {
                assertThat(other.get().image().body()).containsExactly(42);
            }
            assertThat(renders).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Path> entryFiles() throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(".entry")).toList();
        }
    }
}
