package org.imageserving.ps.rules;

import java.nio.file.Path;
import org.imageserving.testkit.FuzzRegressions;
import org.junit.jupiter.api.Test;

/** Replays every kept rule-set fuzz input ({@code fuzz-regressions/ruleset/}) on every build. */
class RuleSetRegressionTest {
    @Test
    void everyKeptInputGetsADocumentedOutcome() {
        for (Path file : FuzzRegressions.of(getClass(), RuleSetTarget.NAME)) {
            RuleSetTarget.check(FuzzRegressions.read(file));
        }
    }
}
