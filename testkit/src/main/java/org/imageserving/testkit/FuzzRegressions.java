package org.imageserving.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The regression files of one fuzz target: {@code src/test/resources/fuzz-regressions/<target>/}, every input that
 * once crashed or hung the target (and a few hand-made hostile ones), replayed by a plain unit test on every build.
 */
public final class FuzzRegressions {
    private FuzzRegressions() {}

    /** The files, sorted; fails when the folder is missing, so a replay test cannot pass by finding nothing. */
    public static List<Path> of(Class<?> testClass, String target) {
        URL folder = testClass.getClassLoader().getResource("fuzz-regressions/" + target);
        if (folder == null) {
            throw new IllegalStateException("no fuzz-regressions/" + target + " on the test class path");
        }
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            List<Path> list = files.filter(Files::isRegularFile).sorted().toList();
            if (list.isEmpty()) {
                throw new IllegalStateException("fuzz-regressions/" + target + " is empty");
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
