package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ps finds a source exactly when the Image Server will serve it, so req=exists and the default image agree with it. */
class SourceFilesTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void createRoot() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(root.resolve("inside.jpg"), "inside");
        Files.writeString(outside.resolve("secret.jpg"), "secret");
    }

    @Test
    void aSymbolicLinkThatLeavesTheRootIsNotASource() throws IOException {
        Files.createSymbolicLink(root.resolve("link.jpg"), outside.resolve("secret.jpg"));
        Files.createSymbolicLink(root.resolve("escape"), outside);
        SourceFiles sources = new SourceFiles(List.of(root));

        for (String path : List.of("link.jpg", "escape/secret.jpg")) {
            assertThat(root.resolve(path)).isRegularFile();
            assertThat(sources.locate(path)).as(path).isEmpty();
            assertThat(sources.version(path)).isEqualTo("missing");
        }
    }

    @Test
    void aSymbolicLinkInsideTheRootIsTheFileItNames() throws IOException {
        Files.createSymbolicLink(root.resolve("alias.jpg"), root.resolve("inside.jpg"));

        assertThat(new SourceFiles(List.of(root)).locate("alias.jpg")).contains(root.toRealPath().resolve("inside.jpg"));
    }

    @Test
    void pathsTheImageServerRefusesAreNotFound() {
        SourceFiles sources = new SourceFiles(List.of(root));

        assertThat(sources.locate("")).isEmpty();
        assertThat(sources.locate("../outside/secret.jpg")).isEmpty();
        assertThat(sources.locate("inside.jpg")).isPresent();
    }
}
