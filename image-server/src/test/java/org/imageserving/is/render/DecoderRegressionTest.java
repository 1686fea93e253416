package org.imageserving.is.render;

import java.nio.file.Path;
import org.imageserving.testkit.FuzzRegressions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays every kept decoder fuzz input ({@code fuzz-regressions/decoder/}, the file's extension tells what kind of
 * source it poses as) on every build.
 */
class DecoderRegressionTest {
    @TempDir
    Path root;

    @Test
    void everyKeptInputGetsADocumentedOutcome() {
        DecoderTarget target = new DecoderTarget(root);
        for (Path file : FuzzRegressions.of(getClass(), DecoderTarget.NAME)) {
            target.check(FuzzRegressions.read(file), DecoderTarget.extension(file));
        }
    }
}
