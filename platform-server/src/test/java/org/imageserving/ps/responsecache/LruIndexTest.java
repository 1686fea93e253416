package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LruIndexTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    private static String h(String key) {
        return CacheKeys.hash(key);
    }

    private static Path f(String name) {
        return Path.of("/cache", name + ".entry");
    }

    private static Slot slot(String name, long size) {
        return new Slot(f(name), size, null);
    }

    private static StoredEntry stored(String name, long size) {
        return new StoredEntry("image/png", "e", T, T, "v", Map.of(), f(name), 10, size, null);
    }

    private static LruIndex index(long maxSize, long maxEntries) {
        return new LruIndex(maxSize, maxEntries, new HeldBodies(0, 0));
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheSizeIsExceeded() {
        LruIndex index = index(300, 100);
        assertThat(index.put(h("a"), slot("a", 100), new byte[0])).isEmpty();
        assertThat(index.put(h("b"), slot("b", 100), new byte[0])).isEmpty();
        assertThat(index.put(h("c"), slot("c", 100), new byte[0])).isEmpty();
        assertThat(index.get(h("a"))).isNotNull(); // b is now the least recently used, then c
        assertThat(index.put(h("d"), slot("d", 150), new byte[0])).containsExactly(f("b"), f("c"));
        assertThat(index.size()).isEqualTo(250);
        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.lines()).extracting(IndexSnapshot.Line::hash).containsExactly(h("a"), h("d"));
    }

    @Test
    void theEntryCountIsALimitToo() {
        LruIndex index = index(1_000_000, 2);
        index.put(h("a"), slot("a", 1), new byte[0]);
        index.put(h("b"), slot("b", 1), new byte[0]);
        assertThat(index.put(h("c"), slot("c", 1), new byte[0])).containsExactly(f("a"));
        assertThat(index.entries()).isEqualTo(2);
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void aReplacementGivesBackTheOldFileAndItsSize() {
        LruIndex index = index(1000, 10);
        index.put(h("k"), slot("k1", 100), new byte[0]);
        assertThat(index.put(h("k"), slot("k2", 30), new byte[0])).containsExactly(f("k1"));
        assertThat(index.size()).isEqualTo(30);
        assertThat(index.file(h("k"))).contains(f("k2"));
    }

    @Test
    void aSingleEntryLargerThanTheLimitStaysUntilTheNextOne() {
        LruIndex index = index(100, 10);
        index.put(h("a"), slot("a", 50), new byte[0]);
        assertThat(index.put(h("big"), slot("big", 500), new byte[0])).containsExactly(f("a"));
        assertThat(index.entries()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(500);
        assertThat(index.put(h("b"), slot("b", 10), new byte[0])).containsExactly(f("big"));
        assertThat(index.size()).isEqualTo(10);
    }

    @Test
    void aSlotReplacedMeanwhileIsNotRemovedNorValidatedInPlaceOfTheNewOne() {
        LruIndex index = index(1000, 10);
        Slot old = slot("old", 10);
        index.put(h("k"), old, new byte[0]);
        index.put(h("k"), new Slot(f("new"), 20, stored("new", 20)), new byte[0]);
        assertThat(index.remove(h("k"), old)).isFalse();
        index.validated(h("k"), stored("old", 10), T.plusSeconds(60));
        assertThat(index.get(h("k")).stored.validated()).isEqualTo(T);
        index.validated(h("k"), stored("new", 20), T.plusSeconds(60));
        assertThat(index.get(h("k")).stored.validated()).isEqualTo(T.plusSeconds(60));
        assertThat(index.size()).isEqualTo(20);
        assertThat(index.remove(h("k"), index.get(h("k")))).isTrue();
        assertThat(index.size()).isZero();
        assertThat(index.entries()).isZero();
    }

    @Test
    void removingAndClearingGiveBackTheFiles() {
        LruIndex index = index(1000, 10);
        index.put(h("a"), slot("a", 10), new byte[0]);
        index.put(h("b"), slot("b", 20), new byte[0]);
        index.put(h("c"), slot("c", 30), new byte[0]);
        assertThat(index.remove(h("b"))).contains(f("b"));
        assertThat(index.remove(h("b"))).isEmpty();
        assertThat(index.size()).isEqualTo(40);
        assertThat(index.clear()).containsExactly(f("a"), f("c"));
        assertThat(index.size()).isZero();
        assertThat(index.entries()).isZero();
    }

    @Test
    void aRestoredSnapshotKeepsItsOrderAndSizes() {
        LruIndex index = index(1000, 10);
        index.restore(List.of(new IndexSnapshot.Line(h("a"), 10, f("a")), new IndexSnapshot.Line(h("b"), 20, f("b"))));
        assertThat(index.size()).isEqualTo(30);
        assertThat(index.get(h("a")).stored).as("read at its first use").isNull();
        assertThat(index.lines()).extracting(IndexSnapshot.Line::hash).containsExactly(h("b"), h("a"));
    }

    @Test
    void scannedEntriesAreOlderThanWhatWasWrittenDuringTheScan() {
        LruIndex index = index(1000, 10);
        index.put(h("written"), new Slot(f("written-new"), 5, stored("written-new", 5)), new byte[0]);
        List<Path> superseded = index.adoptScanned(List.of(
                new EntryScan.Found(h("old"), stored("old", 10)),
                new EntryScan.Found(h("written"), stored("written-old", 7))));
        assertThat(superseded).containsExactly(f("written-old"));
        assertThat(index.file(h("written"))).contains(f("written-new"));
        assertThat(index.size()).isEqualTo(15);
        assertThat(index.lines()).extracting(IndexSnapshot.Line::hash).containsExactly(h("old"), h("written"));
    }
}
