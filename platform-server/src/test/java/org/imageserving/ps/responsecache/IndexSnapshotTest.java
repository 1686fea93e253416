package org.imageserving.ps.responsecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexSnapshotTest {
    @TempDir
    Path folder;

    private Path index() {
        return folder.resolve("index");
    }

    @Test
    void aSavedSnapshotLoadsOnceAsSaved() throws Exception {
        List<IndexSnapshot.Line> lines = List.of(
                new IndexSnapshot.Line(CacheKeys.hash("a"), 10, folder.resolve("x/a.1.entry")),
                new IndexSnapshot.Line(CacheKeys.hash("b"), 0, folder.resolve("with\ttab/b.2.entry")));
        IndexSnapshot snapshot = new IndexSnapshot(index());
        snapshot.save(lines);
        assertThat(Files.readString(index())).endsWith(IndexSnapshot.CLEAN_MARK + "\n");
        assertThat(folder.resolve("index" + EntryFile.TEMP_SUFFIX)).doesNotExist();
        assertThat(snapshot.load()).contains(lines);
        assertThat(index()).as("a crash from now on must not find it").doesNotExist();
        assertThat(snapshot.load()).isEmpty();
    }

    @Test
    void anEmptyIndexIsASnapshotToo() throws Exception {
        IndexSnapshot snapshot = new IndexSnapshot(index());
        snapshot.save(List.of());
        assertThat(snapshot.load()).contains(List.of());
    }

    @Test
    void aSnapshotCutShortIsNotTrusted() throws Exception {
        Files.writeString(index(), CacheKeys.hash("a") + "\t10\t/x/a.entry\n", StandardCharsets.UTF_8);
        assertThat(new IndexSnapshot(index()).load()).isEmpty();
        assertThat(index()).doesNotExist();
    }

    @Test
    void aDamagedLineMakesTheWholeSnapshotUntrusted() throws Exception {
        for (String damaged : List.of(CacheKeys.hash("a") + "\tten\t/x/a.entry", CacheKeys.hash("a") + "\t10",
                "not-a-hash\t10\t/x/a.entry", CacheKeys.hash("a") + "\t-1\t/x/a.entry")) {
            Files.writeString(index(), CacheKeys.hash("b") + "\t5\t/x/b.entry\n" + damaged + "\n"
                    + IndexSnapshot.CLEAN_MARK + "\n", StandardCharsets.UTF_8);
            assertThat(new IndexSnapshot(index()).load()).as(damaged).isEmpty();
            assertThat(index()).doesNotExist();
        }
    }
}
