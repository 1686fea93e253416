package org.imageserving.ps.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CS::catalog.cacheRoot: a restart reads unchanged data files compiled; changes and damage lead to the text. */
class CompiledCatalogCacheTest {
    @TempDir
    Path catalogFolder;
    @TempDir
    Path cacheRoot;
    Path ini;
    Path data;

    @BeforeEach
    void catalog() throws Exception {
        ini = Files.writeString(catalogFolder.resolve("shop.ini"), "RootId=shop\nCatalogFile=shop.txt\nMacroFile=m.txt\n");
        data = Files.writeString(catalogFolder.resolve("shop.txt"),
                "Id\tPath\tUserData\na\ta.jpg\t\"two\tlines\nhere\"\nb\tb.jpg\tk=vä\n");
        Files.writeString(catalogFolder.resolve("m.txt"), "Name\tDefinition\nsmall\twid=50\n");
    }

    /** A new loader over the same folders: what a restarted Platform Server does. */
    private CatalogLoader restarted() {
        return new CatalogLoader(catalogFolder, CompiledDataFiles.under(cacheRoot));
    }

    @Test
    void aRestartReadsUnchangedDataFilesFromTheCompiledCache() throws Exception {
        CatalogLoader first = restarted();
        Catalog parsed = first.load(ini, null);
        assertThat(first.textParses()).isEqualTo(2);
        assertThat(Files.list(cacheRoot.resolve(CompiledDataFiles.FOLDER))).hasSize(2);

        CatalogLoader second = restarted();
        Catalog compiled = second.load(ini, null);
        assertThat(second.textParses()).as("nothing parsed again").isZero();
        assertThat(compiled.ownRecord("a").orElseThrow().fields()).isEqualTo(parsed.ownRecord("a").orElseThrow().fields())
                .containsEntry("userdata", "two\tlines\nhere");
        assertThat(compiled.ownRecord("b").orElseThrow().field("userdata"))
                .as("non-ASCII text as parsed (ISO-8859-1 here: no BOM)").isEqualTo("k=v\u00c3\u00a4");
        assertThat(compiled.macro("SMALL")).contains("wid=50");
    }

    @Test
    void aChangedDataFileIsParsedAgainEvenWithItsOldTimeAndSize() throws Exception {
        restarted().load(ini, null);
        FileTime time = Files.getLastModifiedTime(data);
        Path replacement = Files.writeString(catalogFolder.resolve("new.tmp"),
                "Id\tPath\tUserData\na\tz.jpg\t\"two\tlines\nhere\"\nb\tb.jpg\tk=vä\n"); // same size
        assertThat(Files.size(replacement)).isEqualTo(Files.size(data));
        Files.move(replacement, data, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(data, time);

        CatalogLoader loader = restarted();
        Catalog catalog = loader.load(ini, null);
        assertThat(loader.textParses()).as("the replaced file (a new inode) only").isEqualTo(1);
        assertThat(catalog.ownRecord("a").orElseThrow().path()).isEqualTo("z.jpg");

        Files.writeString(data, "Id\tPath\nc\tc.jpg\n");
        CatalogLoader edited = restarted();
        assertThat(edited.load(ini, null).ownRecord("c")).isPresent();
        assertThat(edited.textParses()).isEqualTo(1);
    }

    @Test
    void aDamagedOrForeignCompiledFileIsIgnoredAndRebuilt() throws Exception {
        restarted().load(ini, null);
        CompiledDataFiles cache = CompiledDataFiles.under(cacheRoot).orElseThrow();
        Path compiled = cache.compiledFile(data, "id");
        byte[] bytes = Files.readAllBytes(compiled);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(compiled, bytes);

        CatalogLoader loader = restarted();
        Catalog catalog = loader.load(ini, null);
        assertThat(loader.textParses()).isEqualTo(1);
        assertThat(catalog.ownRecord("a").orElseThrow().path()).isEqualTo("a.jpg");
        CatalogLoader again = restarted();
        again.load(ini, null);
        assertThat(again.textParses()).as("rebuilt and sound again").isZero();

        for (byte[] junk : new byte[][] {new byte[0], new byte[] {1, 2, 3}, java.util.Arrays.copyOf(bytes, 40)}) {
            Files.write(compiled, junk);
            CatalogLoader fresh = restarted();
            assertThat(fresh.load(ini, null).ownRecord("b")).isPresent();
            assertThat(fresh.textParses()).isEqualTo(1);
        }
    }

    @Test
    void aCompiledFileWithHugeCountsButAValidChecksumIsRefusedWithoutAllocating() throws Exception {
        CompiledDataFiles.Stamp stamp = CompiledDataFiles.Stamp.of(data);
        byte[] good = CompiledDataFiles.encode(data, "id", stamp, DataFile.read(data, "id"));
        assertThat(CompiledDataFiles.decode(good, data, "id", stamp)).isPresent();
        assertThat(CompiledDataFiles.decode(good, data, "name", stamp)).as("another key field").isEmpty();
        assertThat(CompiledDataFiles.decode(good, catalogFolder.resolve("other.txt"), "id", stamp)).isEmpty();
        assertThat(CompiledDataFiles.decode(good, data, "id",
                new CompiledDataFiles.Stamp(stamp.modifiedNanos() + 1, stamp.size(), stamp.identity()))).isEmpty();

        java.util.List<DataFile.Row> hostile = java.util.List.of(new DataFile.Row(1, java.util.Map.of("id", "x")));
        byte[] bytes = CompiledDataFiles.encode(data, "id", stamp, hostile);
        // the row count sits right before the first row's line number (1) and field count (1)
        int at = bytes.length - 8 - (4 + 4 + (4 + 2) + (4 + 1)) - 4;
        java.nio.ByteBuffer.wrap(bytes).putInt(at, Integer.MAX_VALUE);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        java.nio.ByteBuffer.wrap(bytes).putLong(bytes.length - 8, crc.getValue());
        assertThat(CompiledDataFiles.decode(bytes, data, "id", stamp)).isEqualTo(Optional.empty());
    }

    @Test
    void withoutAUsableCacheRootCatalogsStillLoad() throws Exception {
        Path file = Files.writeString(cacheRoot.resolve("not-a-folder"), "x");
        CatalogLoader loader = new CatalogLoader(catalogFolder, CompiledDataFiles.under(file));
        assertThat(loader.load(ini, null).ownRecord("a")).isPresent();
    }
}
