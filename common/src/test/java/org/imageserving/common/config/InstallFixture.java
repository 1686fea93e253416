package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A throw-away install folder holding copies of the repository's shipped {@code conf/} files. */
final class InstallFixture {
    private InstallFixture() {}

    /** The repository's {@code conf/} folder: Surefire runs in the module folder, so it is found by walking up. */
    static Path shippedConf() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("conf").resolve(SupervisorRegistry.FILE_NAME))) {
                return dir.resolve("conf");
            }
        }
        throw new IllegalStateException("no conf/SupervisorRegistry.xml above " + Path.of("").toAbsolutePath());
    }

    /** Copies every shipped configuration file into {@code <root>/conf}. */
    static InstallFolder copyShipped(Path root) {
        try {
            Path conf = Files.createDirectories(root.resolve("conf"));
            try (Stream<Path> files = Files.list(shippedConf())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, conf.resolve(file.getFileName()));
                }
            }
            return new InstallFolder(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the one occurrence of {@code from} in {@code file}; fails if it is not there exactly once. */
    static void replace(Path file, String from, String to) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int first = text.indexOf(from);
            assertThat(first).as("'%s' in %s", from, file).isNotNegative();
            assertThat(text.indexOf(from, first + 1)).as("second '%s' in %s", from, file).isNegative();
            Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the only line of {@code file} that contains {@code text}. */
    static int lineOf(Path file, String text) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int found = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    assertThat(found).as("'%s' on more than one line of %s", text, file).isZero();
                    found = i + 1;
                }
            }
            assertThat(found).as("'%s' in %s", text, file).isPositive();
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
