package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryScanTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path folder;

    private Path file(String key, String unique) {
        String hash = CacheKeys.hash(key);
        return folder.resolve(hash.substring(0, 2)).resolve(hash + "." + unique + EntryFile.SUFFIX);
    }

    private static CacheEntry entry(Instant created, String version) {
        return new CacheEntry("image/png", new byte[8], created, created, version, Map.of());
    }

    @Test
    void completeEntriesAreFoundOldestFirst() throws Exception {
        EntryFile.write(file("young", "1"), entry(T.plusSeconds(60), "v"));
        EntryFile.write(file("old", "2"), entry(T, "v"));
        List<EntryScan.Found> found = EntryScan.scan(List.of(folder));
        assertThat(found).extracting(EntryScan.Found::hash)
                .containsExactly(CacheKeys.hash("old"), CacheKeys.hash("young"));
        assertThat(found.get(0).entry().bodyLength()).isEqualTo(8);
    }

    @Test
    void halfWrittenTemporaryFilesAreIgnoredAndACrashedProcessesDeleted() throws Exception {
        Path complete = file("complete", "1");
        EntryFile.write(complete, entry(T, "v"));
        Path crashed = complete.resolveSibling(complete.getFileName() + ".1a2b-3c4d-1" + EntryFile.TEMP_SUFFIX);
        Files.write(crashed, Arrays.copyOf(Files.readAllBytes(complete), 20));
        EntryFile.Pending inProgress = EntryFile.writeAside(file("writing", "2"), entry(T, "v"));

        List<EntryScan.Found> found = EntryScan.scan(List.of(folder));

        assertThat(found).extracting(EntryScan.Found::hash).containsExactly(CacheKeys.hash("complete"));
        assertThat(crashed).doesNotExist();
        assertThat(inProgress.temp()).as("a write of this process, still running").exists();
        assertThat(inProgress.file()).doesNotExist();
    }

    @Test
    void damagedEntriesAreDeleted() throws Exception {
        Path truncated = file("truncated", "1");
        EntryFile.write(truncated, entry(T, "v"));
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(truncated), 30));
        Path flipped = file("flipped", "2");
        EntryFile.write(flipped, entry(T, "v"));
        byte[] bytes = Files.readAllBytes(flipped);
        bytes[12] ^= 0x40;
        Files.write(flipped, bytes);
        Path other = Files.writeString(folder.resolve("README"), "not an entry");

        assertThat(EntryScan.scan(List.of(folder))).isEmpty();
        assertThat(truncated).doesNotExist();
        assertThat(flipped).doesNotExist();
        assertThat(other).as("only the cache's own files are touched").exists();
    }

    @Test
    void ofTwoFilesForOneKeyTheNewerIsKept() throws Exception {
        Path newer = file("k", "2");
        EntryFile.write(newer, entry(T.plusSeconds(5), "new"));
        Path older = file("k", "1");
        EntryFile.write(older, entry(T, "old"));
        List<EntryScan.Found> found = EntryScan.scan(List.of(folder));
        assertThat(found).hasSize(1);
        assertThat(found.get(0).entry().sourceVersion()).isEqualTo("new");
        assertThat(older).doesNotExist();
        assertThat(newer).exists();
    }

    @Test
    void allRootsAreScanned() throws Exception {
        Path other = folder.resolve("other");
        Path there = other.resolve("k.1" + EntryFile.SUFFIX);
        EntryFile.write(there, entry(T, "v"));
        EntryFile.write(file("here", "1"), entry(T, "v"));
        assertThat(EntryScan.scan(List.of(folder.resolve(CacheKeys.hash("here").substring(0, 2)), other)))
                .hasSize(2);
    }
}
