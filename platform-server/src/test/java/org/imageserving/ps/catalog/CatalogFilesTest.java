package org.imageserving.ps.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogFilesTest {
    @TempDir
    Path folder;

    @Test
    void attributeFilesAreCaseInsensitiveWithCommentsContinuationsAndLastWins() {
        var attributes = AttributeFile.parse("t.ini", "# c\r\nRootId = shop\nJpegQuality=70,0\nJPEGQUALITY=90,1\r"
                + "PublishInfo=one \\\ntwo\n");
        assertThat(attributes).containsEntry("rootid", "shop").containsEntry("jpegquality", "90,1")
                .containsEntry("publishinfo", "one \ntwo");
    }

    @Test
    void dataFilesHandleQuotesEmptyFieldsIgnoredColumnsAndSkipBrokenRecords() {
        String text = "Id\tPath\t.note\tUserData\r\n"
                + "a\tx/a.jpg\tignored\t\"k=v\tw\"\"q\"\n"
                + "\t\tno id\t\n"
                + "b\t\t\t\n"
                + "c\tc.jpg\tx\ty\tz\textra\n"
                + "d,e\td.jpg\n"
                + "f\tf.jpg";
        List<DataFile.Row> rows = DataFile.parse("t.txt", text, "id");
        assertThat(rows).extracting(r -> r.get("id")).containsExactly("a", "b", "f");
        assertThat(rows.get(0).get("userdata")).isEqualTo("k=v\tw\"q");
        assertThat(rows.get(0).fields()).doesNotContainKey(".note");
        assertThat(rows.get(1).get("path")).isEmpty();
        assertThat(rows.get(2).line()).isEqualTo(7);
    }

    @Test
    void attributesAndNumbersResolveThroughTheDefaultCatalogWhateverTheNameCaseAndOverridesStayPerRequest() {
        Catalog parent = new Catalog(folder.resolve("default.ini"), Instant.EPOCH,
                java.util.Map.of("expiration", "10", "errordetail", "", "jpegquality", "80,0"), java.util.Map.of(),
                java.util.Map.of(), null, org.imageserving.ps.rules.RuleSet.EMPTY);
        Catalog shop = new Catalog(folder.resolve("shop.ini"), Instant.EPOCH,
                java.util.Map.of("rootid", "shop", "expiration", "", "maxpix", "2000,2000", "resmode", "x"),
                java.util.Map.of(), java.util.Map.of(), parent, org.imageserving.ps.rules.RuleSet.EMPTY);
        for (int pass = 0; pass < 2; pass++) { // the second pass answers from the memos
            assertThat(shop.attribute("Expiration")).isEqualTo("10");
            assertThat(shop.attribute("EXPIRATION")).isEqualTo("10");
            assertThat(shop.number("Expiration", 1)).isEqualTo(10);
            assertThat(shop.number("ErrorDetail", 3)).as("empty").isEqualTo(3);
            assertThat(shop.number("ResMode", 2)).as("not a number").isEqualTo(2);
            assertThat(shop.number("MaxPix", 7)).as("a pair is not a number").isEqualTo(7);
            assertThat(shop.attribute("JpegQuality")).isEqualTo("80,0");
        }
        Catalog overridden = shop.withOverrides(java.util.Map.of("Expiration", "2", "ErrorDetail", "1"));
        assertThat(overridden.number("Expiration", 1)).isEqualTo(2);
        assertThat(overridden.number("ErrorDetail", 3)).isEqualTo(1);
        assertThat(shop.number("Expiration", 1)).as("the shared catalog is unchanged").isEqualTo(10);
    }

    @Test
    void encodingIsUtf8OnlyWithBom() throws Exception {
        Path bom = folder.resolve("bom.txt");
        byte[] utf8 = "Id\tPath\nkäse\tk.jpg\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF; withBom[1] = (byte) 0xBB; withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        Files.write(bom, withBom);
        assertThat(DataFile.read(bom, "id").get(0).get("id")).isEqualTo("käse");
        Path latin = folder.resolve("latin.txt");
        Files.write(latin, "Id\tPath\nkäse\tk.jpg\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(DataFile.read(latin, "id").get(0).get("id")).isEqualTo("käse");
    }

    @Test
    void namedCatalogsInheritFromDefaultAndReloadOnlyWhenTheIniChanges() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\nExpiration=10\nJpegQuality=80,0\nDefaultImage=\n"
                + "CatalogFile=shared.txt\nMacroFile=m.txt\n");
        Files.writeString(folder.resolve("shared.txt"), "Id\tPath\nlogo\tshared/logo.png\n");
        Files.writeString(folder.resolve("m.txt"), "Name\tDefinition\nthumb\twid=50\n");
        Files.writeString(folder.resolve("shop.ini"), "RootId=shop\nJpegQuality=\nExpiration=2\nDefaultImage=\n"
                + "CatalogFile=shop.txt\n");
        Files.writeString(folder.resolve("shop.txt"), "Id\tPath\tTimeStamp\nshoe\tshoes/red.jpg\t01/02/2024 10:00:00 GMT\n");
        try (CatalogService service = new CatalogService(folder, Duration.ZERO)) {
            Catalog shop = service.current().byRootId("shop").orElseThrow();
            assertThat(shop.attribute("expiration")).isEqualTo("2");
            assertThat(shop.attribute("JpegQuality")).isEqualTo("80,0");
            assertThat(shop.record("shoe").orElseThrow().path()).isEqualTo("shoes/red.jpg");
            assertThat(shop.record("shoe").orElseThrow().timeStamp()).isEqualTo(Instant.parse("2024-01-02T10:00:00Z"));
            assertThat(shop.record("logo").orElseThrow().catalog().isDefault()).isTrue();
            assertThat(shop.macro("THUMB")).contains("wid=50");

            Files.writeString(folder.resolve("shop.txt"), "Id\tPath\nshoe\tshoes/blue.jpg\n");
            service.pollOnce();
            assertThat(service.current().byRootId("shop").orElseThrow().record("shoe").orElseThrow().path())
                    .as("data file changes wait for the .ini to change").isEqualTo("shoes/red.jpg");
            Files.setLastModifiedTime(folder.resolve("shop.ini"), FileTime.from(Instant.now().plusSeconds(5)));
            service.pollOnce();
            assertThat(service.current().byRootId("shop").orElseThrow().record("shoe").orElseThrow().path())
                    .isEqualTo("shoes/blue.jpg");

            Files.delete(folder.resolve("shop.ini"));
            service.pollOnce();
            assertThat(service.current().byRootId("shop")).isEmpty();
        }
    }

    @Test
    void aCatalogThatStopsLoadingKeepsItsPreviousVersionAndReportsTheError() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\nExpiration=10\n");
        Files.writeString(folder.resolve("a.ini"), "RootId=a\nExpiration=3\nRuleSetFile=rules.xml\n");
        Files.writeString(folder.resolve("rules.xml"), "<?xml version=\"1.0\"?><ruleset/>");
        try (CatalogService service = new CatalogService(folder, Duration.ZERO)) {
            Catalog before = service.current().byRootId("a").orElseThrow();
            assertThat(service.loadError(before)).isEmpty();

            Files.writeString(folder.resolve("rules.xml"), "<?xml version=\"1.0\"?><ruleset><bogus/></ruleset>");
            Files.writeString(folder.resolve("a.ini"), "RootId=a\nExpiration=4\nRuleSetFile=rules.xml\n");
            Files.setLastModifiedTime(folder.resolve("a.ini"), FileTime.from(Instant.now().plusSeconds(5)));
            service.pollOnce();

            Catalog after = service.current().byRootId("a").orElseThrow();
            assertThat(after.attribute("Expiration")).as("the previous version stays").isEqualTo("3");
            assertThat(service.loadError(after)).contains("rules.xml", "bogus");
        }
    }

    @Test
    void aCatalogReplacedByNoCatalogKeepsItsPreviousVersionAndAFixedOneLoadsAgain() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\n");
        Path ini = folder.resolve("a.ini");
        String good = "RootId=a\nCatalogFile=a.txt\n";
        Files.writeString(ini, good);
        Files.writeString(folder.resolve("a.txt"), "Id\tPath\npic\tone.jpg\n");
        try (CatalogService service = new CatalogService(folder, Duration.ZERO)) {
            List<String> breakages = List.of("a directory", "random bytes", "cut in the data file's name");
            int version = 0;
            for (String breakage : breakages) {
                switch (breakage) {
                    case "a directory" -> {
                        Files.delete(ini);
                        Files.createDirectory(ini);
                    }
                    case "random bytes" -> {
                        byte[] garbage = new byte[512];
                        new java.util.Random(7).nextBytes(garbage);
                        garbage[40] = 0;
                        Files.write(ini, garbage);
                    }
                    default -> Files.writeString(ini, good.substring(0, good.indexOf("a.txt") + 2));
                }
                Files.setLastModifiedTime(ini, FileTime.from(Instant.now().plusSeconds(++version * 10L)));
                service.pollOnce();

                Catalog kept = service.current().byRootId("a").orElseThrow(() -> new AssertionError(breakage));
                assertThat(kept.record("pic")).as(breakage).isPresent();
                assertThat(service.loadError(kept)).as(breakage).isNotEmpty();

                if (Files.isDirectory(ini)) {
                    Files.delete(ini);
                }
                version++;
                Files.writeString(ini, good);
                Files.writeString(folder.resolve("a.txt"), "Id\tPath\npic\tv" + version + ".jpg\n");
                Files.setLastModifiedTime(ini, FileTime.from(Instant.now().plusSeconds(version * 10L)));
                service.pollOnce();
                Catalog fixed = service.current().byRootId("a").orElseThrow();
                assertThat(fixed.record("pic").orElseThrow().path()).as(breakage).isEqualTo("v" + version + ".jpg");
                assertThat(service.loadError(fixed)).isEmpty();
            }
        }
    }

    @Test
    void aFirstLoadStillLeavesOutAMissingDataFile() throws Exception {
        Files.writeString(folder.resolve("default.ini"), "RootId=\n");
        Files.writeString(folder.resolve("b.ini"), "RootId=b\nCatalogFile=missing.txt\nExpiration=3\n");
        try (CatalogService service = new CatalogService(folder, Duration.ZERO)) {
            assertThat(service.current().byRootId("b").orElseThrow().attribute("Expiration")).isEqualTo("3");
        }
    }

    @Test
    void catalogDatesInTheDocumentedForms() {
        assertThat(CatalogDates.parse("1700000000000")).contains(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(CatalogDates.parse("11/27/2025 13:00:00 PST")).contains(Instant.parse("2025-11-27T21:00:00Z"));
        assertThat(CatalogDates.parse("11/27/2025 13:00:00 GMT +1:30")).contains(Instant.parse("2025-11-27T11:30:00Z"));
        assertThat(CatalogDates.parse("yesterday")).isEmpty();
    }

    @Test
    void localeMapTriesSuffixesInOrder() {
        LocaleMap map = LocaleMap.parse("en,_E,|fr,_F,|,_E,");
        assertThat(map.candidates("X", "de")).containsExactly("X_E", "X");
        assertThat(map.candidates("X", "FR")).containsExactly("X_F", "X");
        assertThat(map.candidates("X", "")).containsExactly("X");
    }
}
