package org.imageserving.common.imaging.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceRootsTest {
    @TempDir
    Path tmp;
    Path first;
    Path second;
    Path outside;
    SourceRoots roots;

    @BeforeEach
    void createRoots() throws IOException {
        first = Files.createDirectories(tmp.resolve("root1"));
        second = Files.createDirectories(tmp.resolve("root2"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(first.resolve("both.jpg"), "first");
        Files.writeString(second.resolve("both.jpg"), "second");
        Files.createDirectories(second.resolve("sub/deeper"));
        Files.writeString(second.resolve("sub/deeper/only2.jpg"), "only2");
        Files.writeString(outside.resolve("secret.jpg"), "secret");
        roots = new SourceRoots(List.of(first, second));
    }

    @Test
    void rootsAreSearchedInOrderAndTheRealPathIsFound() throws IOException {
        assertThat(roots.find("both.jpg")).contains(first.toRealPath().resolve("both.jpg"));
        assertThat(roots.find("sub//./deeper/only2.jpg")).contains(second.toRealPath().resolve("sub/deeper/only2.jpg"));
        assertThat(roots.find("missing.jpg")).isEmpty();
        assertThat(roots.find("sub/deeper")).as("a folder is not a file").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside/secret.jpg", "sub/../../outside/secret.jpg", "a/../both.jpg",
            "C:/Windows/win.ini", "file:/etc/passwd", "a\\b.jpg", "a\0b.jpg", "", " ", "/", ".", "//"})
    void pathsThatCouldLeaveTheRootOrNameNothingAreInvalid(String path) {
        assertThatThrownBy(() -> roots.find(path)).isInstanceOf(InvalidSourcePathException.class);
        assertThat(roots.exists(path)).isFalse();
    }

    @Test
    void anAbsolutePathIsReadAsRelativeToEachRoot() {
        assertThat(roots.find(outside.resolve("secret.jpg").toString())).isEmpty();
        assertThat(roots.find("/both.jpg")).isPresent();
    }

    @Test
    void aSymbolicLinkLeavingTheRootIsNotFoundAndEndsTheSearch() throws IOException {
        Files.createSymbolicLink(first.resolve("link.jpg"), outside.resolve("secret.jpg"));
        Files.createSymbolicLink(first.resolve("escape"), outside);
        Files.createSymbolicLink(first.resolve("rel.jpg"), Path.of("../outside/secret.jpg"));
        Files.writeString(second.resolve("link.jpg"), "second");

        assertThat(roots.find("link.jpg")).as("not the second root's file either").isEmpty();
        assertThat(roots.find("escape/secret.jpg")).isEmpty();
        assertThat(roots.find("rel.jpg")).isEmpty();
    }

    @Test
    void aSymbolicLinkInsideTheRootAndARootThatIsALinkWork() throws IOException {
        Files.createSymbolicLink(second.resolve("alias.jpg"), second.resolve("sub/deeper/only2.jpg"));
        assertThat(roots.find("alias.jpg")).contains(second.toRealPath().resolve("sub/deeper/only2.jpg"));

        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-root"), second);
        assertThat(new SourceRoots(List.of(linkedRoot)).exists("sub/deeper/only2.jpg")).isTrue();
    }
}
