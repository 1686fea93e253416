package org.imageserving.ps.image;

import java.nio.file.Path;
import org.imageserving.testkit.FuzzRegressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays every kept catalog fuzz input ({@code fuzz-regressions/catalog/}) on every build. */
class CatalogRegressionTest {
    @TempDir
    Path folder;

    @Test
    void everyKeptInputGetsADocumentedOutcome() throws Exception {
        try (CatalogTarget target = new CatalogTarget(folder)) {
            for (Path file : FuzzRegressions.of(getClass(), CatalogTarget.NAME)) {
                target.check(FuzzRegressions.read(file));
            }
        }
    }
}
