package org.imageserving.ps.image;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the catalog: an {@code .ini} of documented attributes with fuzzed values and a
 * data file whose {@code ImageSet}, {@code Map}, {@code Targets}, {@code Modifier} and {@code UserData} fields are
 * fuzzed, sometimes both files raw; see {@link CatalogTarget} for what is checked. Runs {@code -Dfuzz.duration}
 * (5 s by default) in the build.
 */
class CatalogFuzzer {
    private static final List<String> ATTRIBUTES = List.of("LocaleMap", "LocaleStrMap", "DefaultImage", "ErrorDetail",
            "DefaultExpiration", "Expiration", "MaxPix", "DefaultPix", "RequestLock", "RequestObfuscation",
            "DefaultLocale", "DefaultExt", "FullMatch", "Watermark", "RootPath", "ClientAddressFilter", "Bogus",
            "MacroFile", "RuleSetFile");
    private static final List<String> FIELDS = List.of("ImageSet", "Map", "Targets", "Modifier", "UserData", "Path",
            "PostModifier", "Expiration", "TimeStamp");
    static CatalogTarget target;

    @BeforeAll
    static void target() throws Exception {
        target = new CatalogTarget(Files.createTempDirectory("catalog-fuzz"));
        target.warmUp();
    }

    @AfterAll
    static void close() {
        target.close();
    }

    @FuzzTest(maxDuration = "5s")
    @DictionaryEntries({",", ";", "?", "??", "=", "{", "}", "$", "shape=", "coords=", "href=", "target.",
            ".label=", ".userdata=", "<area", "poly", "rect", "circle", "^loc=", "de,_D,|,", "fz/a", "is{", "\\"})
    void catalog(FuzzedDataProvider data) {
        target.check(data.consumeBoolean() ? raw(data) : built(data));
    }

    private static byte[] raw(FuzzedDataProvider data) {
        return CatalogTarget.input("RootId=fz\nCatalogFile=fz.txt\n" + data.consumeString(200),
                data.consumeRemainingAsString());
    }

    private static byte[] built(FuzzedDataProvider data) {
        StringBuilder ini = new StringBuilder("RootId=fz\nCatalogFile=fz.txt\nErrorDetail=2\n");
        for (int i = data.consumeInt(0, 4); i > 0; i--) {
            ini.append(data.pickValue(ATTRIBUTES)).append('=').append(data.consumeString(40)).append('\n');
        }
        List<String> fields = List.of("Id", data.pickValue(FIELDS), data.pickValue(FIELDS), data.pickValue(FIELDS));
        StringBuilder rows = new StringBuilder(String.join("\t", fields)).append('\n');
        for (String id : List.of("a", "b", "c")) {
            rows.append(id);
            for (int f = 1; f < fields.size(); f++) {
                rows.append('\t').append(data.consumeString(60).replace("\t", " ").replace("\n", "??"));
            }
            rows.append('\n');
        }
        return CatalogTarget.input(ini.toString(), rows.toString());
    }
}
