package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheLayoutTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final CacheLayout layout = new CacheLayout(List.of(Path.of("/a"), Path.of("/b")), clock);

    @Test
    void everyWriteOfAKeyGetsAFileOfItsOwnEvenWithinOneMillisecond() {
        String hash = CacheKeys.hash("k");
        Set<Path> files = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            files.add(layout.newFile(hash));
        }
        assertThat(files).hasSize(100);
        Path file = layout.newFile(hash);
        assertThat(file.getParent().getFileName().toString()).isEqualTo(hash.substring(0, 2));
        assertThat(file.getFileName().toString()).startsWith(hash + ".").endsWith(EntryFile.SUFFIX);
        assertThat(CacheLayout.hashOf(file.getFileName().toString())).isEqualTo(hash);
    }

    @Test
    void aKeyAlwaysGoesToTheSameRoot() {
        for (String key : List.of("one", "two", "three", "four")) {
            String hash = CacheKeys.hash(key);
            Path first = layout.newFile(hash);
            assertThat(layout.contains(first)).isTrue();
            assertThat(layout.newFile(hash).getParent()).isEqualTo(first.getParent());
        }
        assertThat(layout.contains(Path.of("/c/is-response/00/x.entry"))).isFalse();
        assertThat(layout.snapshotFile()).isEqualTo(Path.of("/a/is-response/index"));
    }
}
