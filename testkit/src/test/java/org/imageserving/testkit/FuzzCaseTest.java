package org.imageserving.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FuzzCaseTest {
    private static final Duration LIMIT = Duration.ofSeconds(2);

    @Test
    void aReturnOrADocumentedExceptionPasses() {
        FuzzCase.run("t", new byte[] {1}, "bin", LIMIT, e -> e instanceof IOException, () -> {});
        FuzzCase.run("t", new byte[] {2}, "bin", LIMIT, e -> e instanceof IOException, () -> {
            throw new IOException("clean parse error");
        });
    }

    @Test
    void anUndocumentedExceptionIsAFindingAndTheInputIsKept() throws Exception {
        byte[] input = "kept input".getBytes();
        assertThatThrownBy(() -> FuzzCase.run("t", input, "xml", LIMIT, e -> e instanceof IOException, () -> {
            throw new IllegalStateException("bug");
        })).isInstanceOf(FuzzCase.Finding.class).hasMessageContaining("IllegalStateException")
                .hasMessageContaining("fuzz-regressions/t/");
        Path kept = Path.of("target/fuzz-findings/t/crash-" + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-1").digest(input)) + ".xml");
        assertThat(Files.readAllBytes(kept)).isEqualTo(input);
    }

    @Test
    void errorsAreNeverDocumented() {
        assertThatThrownBy(() -> FuzzCase.run("t", new byte[0], "", LIMIT, e -> true, FuzzCaseTest::recurse))
                .isInstanceOf(FuzzCase.Finding.class).hasCauseInstanceOf(StackOverflowError.class);
        assertThatThrownBy(() -> FuzzCase.run("t", new byte[0], "", LIMIT, e -> true, () -> {
            throw new OutOfMemoryError("Java heap space");
        })).isInstanceOf(FuzzCase.Finding.class).hasCauseInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void aCaseThatDoesNotAnswerInTimeIsAFindingAndLaterCasesStillRun() {
        assertThatThrownBy(() -> FuzzCase.run("t", new byte[] {3}, "", Duration.ofMillis(200), e -> true, () -> {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // ignores interruption, as a decoder stuck in a loop would
            }
        })).isInstanceOf(FuzzCase.Finding.class).hasMessageContaining("no answer within 200 ms");
        FuzzCase.run("t", new byte[] {4}, "", LIMIT, e -> false, () -> {});
    }

    private static void recurse() {
        recurse();
    }
}
