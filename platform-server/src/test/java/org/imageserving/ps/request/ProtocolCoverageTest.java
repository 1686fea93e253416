package org.imageserving.ps.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.imageserving.common.protocol.CommandSpec;
import org.imageserving.common.protocol.Commands;
import org.imageserving.common.protocol.RequestKind;
import org.imageserving.common.protocol.Support;
import org.junit.jupiter.api.Test;

/**
 * Every command and request type the protocol model calls supported is used by some test outside the contract tests,
 * the ones that exercise the model itself (a supported entry nobody tests would be a claim, not a feature).
 */
class ProtocolCoverageTest {
    private static final List<String> CONTRACT_TESTS = List.of("ProtocolContractTest.java", "ProtocolCheckTest.java",
            "ProtocolModelTest.java", "ProtocolCoverageTest.java");

    private static String allTestSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : List.of("common", "image-server", "platform-server", "svg-server", "tools", "dist")) {
            Path tests = Path.of("..", module, "src", "test", "java");
            if (!Files.isDirectory(tests)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(tests)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (!CONTRACT_TESTS.contains(file.getFileName().toString())) {
                        all.append(Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return all.toString();
    }

    @Test
    void everySupportedCommandAndRequestTypeIsUsedByATest() throws IOException {
        String tests = allTestSources();
        List<String> untested = new ArrayList<>();
        for (CommandSpec command : Commands.all()) {
            boolean claimed = command.support() == Support.SUPPORTED || command.support() == Support.PARTIAL;
            if (claimed && !tests.contains(command.key() + "=") && !tests.contains("\"" + command.key() + "\"")) {
                untested.add(command.name());
            }
        }
        for (RequestKind kind : RequestKind.values()) {
            if (kind.support() == Support.SUPPORTED && !tests.contains("req=" + kind.documentedName().toLowerCase(Locale.ROOT))
                    && kind != RequestKind.IMG) {
                untested.add("req=" + kind.documentedName());
            }
        }
        assertThat(untested).as("supported in common.protocol but used by no test").isEmpty();
    }
}
