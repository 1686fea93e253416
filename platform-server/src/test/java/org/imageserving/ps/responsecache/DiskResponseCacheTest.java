package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk cache with its parts on a manual clock and scheduler: nothing here sleeps or waits for a thread. */
class DiskResponseCacheTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration RETIRE_DELAY = Duration.ofSeconds(5);

    @TempDir
    Path folder;

    private final ManualClock clock = new ManualClock(T);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<Runnable> background = new ArrayList<>();

    private DiskResponseCache open(long maxSize, long maxEntries) throws Exception {
        return new DiskResponseCache(new CacheLayout(List.of(folder), clock),
                new LruIndex(maxSize, maxEntries, new HeldBodies(1000, ResponseCache.HELD_BODY_MAX)),
                new Retirement(RETIRE_DELAY, scheduler), background::add);
    }

    /** Opens a cache and runs its start-up scan, if it needs one, at once. */
    private DiskResponseCache openScanned() throws Exception {
        DiskResponseCache cache = open(1_000_000, 100);
        runBackground();
        return cache;
    }

    private void runBackground() {
        List<Runnable> tasks = new ArrayList<>(background);
        background.clear();
        tasks.forEach(Runnable::run);
    }

    private static CacheEntry entry(String version) {
        return new CacheEntry("image/png", version.getBytes(StandardCharsets.UTF_8), T, T, version, Map.of());
    }

    private List<Path> files(String suffix) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }

    @Test
    void anEntryIsServedOnlyOnceItsWriterCompleted() throws Exception {
        DiskResponseCache cache = openScanned();
        String hash = CacheKeys.hash("k");
        try (ResponseCache.EntryWriter writer = cache.writer(hash)) {
            writer.write(entry("v1"));
            assertThat(cache.getByHash(hash)).as("written, not completed").isEmpty();
            assertThat(files(EntryFile.SUFFIX)).isEmpty();
            assertThat(writer.complete().orElseThrow().sourceVersion()).isEqualTo("v1");
        }
        assertThat(cache.getByHash(hash).orElseThrow().image().body()).isEqualTo("v1".getBytes(StandardCharsets.UTF_8));
        assertThat(files(EntryFile.TEMP_SUFFIX)).isEmpty();
    }

    @Test
    void aWriterClosedWithoutCompletingLeavesNothing() throws Exception {
        DiskResponseCache cache = openScanned();
        String hash = CacheKeys.hash("k");
        cache.putHashed(hash, entry("v1"));
        try (ResponseCache.EntryWriter writer = cache.writer(hash)) {
            writer.write(entry("v2")); // e.g. the client went away, or the reply turned out not to be cacheable
        }
        assertThat(cache.getByHash(hash).orElseThrow().sourceVersion()).as("the earlier entry stays").isEqualTo("v1");
        assertThat(files(EntryFile.TEMP_SUFFIX)).isEmpty();
        assertThat(files(EntryFile.SUFFIX)).hasSize(1);
        assertThat(cache.entries()).isEqualTo(1);
    }

    @Test
    void aWriterWritesOneEntryAndCompletesOnlyWhatItWrote() throws Exception {
        DiskResponseCache cache = openScanned();
        try (ResponseCache.EntryWriter writer = cache.writer(CacheKeys.hash("k"))) {
            assertThatThrownBy(writer::complete).isInstanceOf(IllegalStateException.class);
            writer.write(entry("v1"));
            assertThatThrownBy(() -> writer.write(entry("v2"))).isInstanceOf(IllegalStateException.class);
            writer.complete();
            assertThatThrownBy(writer::complete).isInstanceOf(IllegalStateException.class);
        }
        assertThat(cache.entries()).isEqualTo(1);
    }

    @Test
    void aDisabledCacheStoresNothing() throws Exception {
        DiskResponseCache cache = open(0, 100);
        runBackground();
        assertThat(cache.put("k", entry("v"))).isEmpty();
        assertThat(cache.get("k")).isEmpty();
        assertThat(files(EntryFile.SUFFIX)).isEmpty();
        assertThat(openScanned().putHashed("../../etc/passwd", entry("v"))).as("not a key hash").isEmpty();
    }

    @Test
    void aReplacedFileIsDeletedWhenTheRetireDelayHasPassed() throws Exception {
        DiskResponseCache cache = openScanned();
        cache.put("k", entry("v1"));
        Path first = cache.file(CacheKeys.hash("k")).orElseThrow();
        cache.put("k", entry("v2"));
        clock.advance(RETIRE_DELAY.minusMillis(1));
        scheduler.runDue();
        assertThat(first).as("a hit may still be sending it").exists();
        clock.advance(Duration.ofMillis(1));
        scheduler.runDue();
        assertThat(first).doesNotExist();
        assertThat(cache.file(CacheKeys.hash("k")).orElseThrow()).exists();
    }

    @Test
    void removedAndInvalidatedEntriesAreMissesAndTheirFilesRetired() throws Exception {
        DiskResponseCache cache = openScanned();
        cache.put("a", entry("a"));
        cache.put("b", entry("b"));
        cache.put("c", entry("c"));
        Path a = cache.file(CacheKeys.hash("a")).orElseThrow();
        assertThat(cache.remove(CacheKeys.hash("a"))).isTrue();
        assertThat(cache.remove(CacheKeys.hash("a"))).isFalse();
        assertThat(cache.remove("not a hash")).isFalse();
        assertThat(cache.get("a")).isEmpty();
        assertThat(a).exists();
        assertThat(cache.entries()).isEqualTo(2);
        assertThat(cache.size()).isEqualTo(2);

        cache.invalidateAll();
        assertThat(cache.get("b")).isEmpty();
        assertThat(cache.get("c")).isEmpty();
        assertThat(cache.entries()).isZero();
        assertThat(cache.size()).isZero();
        assertThat(cache.heldBytes()).isZero();
        clock.advance(RETIRE_DELAY);
        assertThat(scheduler.runDue()).isEqualTo(3);
        assertThat(files(EntryFile.SUFFIX)).isEmpty();
    }

    @Test
    void aSavedIndexIsLoadedWithoutAScan() throws Exception {
        DiskResponseCache cache = openScanned();
        cache.put("k", entry("v"));
        cache.close();
        DiskResponseCache reopened = open(1_000_000, 100);
        assertThat(background).as("no scan").isEmpty();
        assertThat(reopened.indexComplete()).isTrue();
        assertThat(reopened.get("k").orElseThrow().sourceVersion()).isEqualTo("v");
    }

    @Test
    void aDamagedSnapshotLeadsToARebuildFromTheEntryFiles() throws Exception {
        DiskResponseCache cache = openScanned();
        cache.put("k1", entry("v1"));
        cache.put("k2", entry("v2"));
        cache.close();
        Path index = folder.resolve(CacheLayout.FOLDER).resolve(CacheLayout.SNAPSHOT);
        Files.writeString(index, Files.readString(index).replaceFirst("\t\\d+\t", "\tX\t"));

        DiskResponseCache reopened = open(1_000_000, 100);
        assertThat(reopened.indexComplete()).as("scanning").isFalse();
        assertThat(reopened.get("k1")).as("a miss until the scan is done").isEmpty();
        reopened.close();
        assertThat(index).as("an incomplete index is never saved").doesNotExist();

        DiskResponseCache rebuilt = open(1_000_000, 100);
        runBackground();
        assertThat(rebuilt.indexComplete()).isTrue();
        assertThat(rebuilt.entries()).isEqualTo(2);
        assertThat(rebuilt.get("k1").orElseThrow().sourceVersion()).isEqualTo("v1");
        assertThat(rebuilt.get("k2").orElseThrow().sourceVersion()).isEqualTo("v2");
    }

    @Test
    void entriesWrittenDuringTheScanWinOverWhatItFinds() throws Exception {
        DiskResponseCache crashed = openScanned();
        crashed.put("k", entry("before"));
        Path before = crashed.file(CacheKeys.hash("k")).orElseThrow();
        // a crash: no close(); the restart takes a while, and the renders after it are newer
        clock.advance(Duration.ofSeconds(10));
        DiskResponseCache cache = open(1_000_000, 100);
        cache.put("k", new CacheEntry("image/png", new byte[3], clock.instant(), clock.instant(), "during", Map.of()));
        runBackground();
        assertThat(cache.get("k").orElseThrow().sourceVersion()).isEqualTo("during");
        assertThat(before).doesNotExist();
        assertThat(cache.entries()).isEqualTo(1);
    }
}
