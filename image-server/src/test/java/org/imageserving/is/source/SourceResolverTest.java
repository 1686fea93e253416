package org.imageserving.is.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceResolverTest {
    @TempDir
    Path tmp;
    Path first;
    Path second;
    Path outside;
    SourceResolver resolver;

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
        resolver = new SourceResolver(List.of(first, second));
    }

    private static void assertRefused(Runnable call, int status) {
        assertThatThrownBy(call::run)
                .isExactlyInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(status));
    }

    @Test
    void theFirstRootThatHasTheFileWins() throws IOException {
        Path found = resolver.resolve("both.jpg");
        assertThat(found).isEqualTo(first.toRealPath().resolve("both.jpg"));
        assertThat(Files.readString(found)).isEqualTo("first");
    }

    @Test
    void laterRootsAreSearchedWhenEarlierOnesLackTheFile() throws IOException {
        Path found = resolver.resolve("sub/deeper/only2.jpg");
        assertThat(found).isEqualTo(second.toRealPath().resolve("sub/deeper/only2.jpg"));
        assertThat(Files.readString(found)).isEqualTo("only2");
    }

    @Test
    void redundantSlashesAndDotSegmentsAreHarmless() throws IOException {
        assertThat(Files.readString(resolver.resolve("sub//./deeper/only2.jpg"))).isEqualTo("only2");
    }

    @Test
    void aDirectoryIsNotAnImage() {
        assertRefused(() -> resolver.resolve("sub/deeper"), 403);
    }

    @Test
    void aMissingFileIs403() {
        assertThatThrownBy(() -> resolver.resolve("nope/missing.jpg"))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("nope/missing.jpg")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside/secret.jpg", "sub/../../outside/secret.jpg", "sub/..", "a/../both.jpg",
            "C:/Windows/win.ini", "c:secret.jpg", "file:/etc/passwd", "a\\b.jpg", "..\\outside\\secret.jpg",
            "a\0b.jpg", "both.jpg\0", "", " ", "/", ".", "./", "//"})
    void refusesPathsThatCouldLeaveTheRootOrNameNothing(String path) {
        assertRefused(() -> resolver.resolve(path), 403);
    }

    @Test
    void aNullPathIsRefused() {
        assertRefused(() -> resolver.resolve(null), 403);
    }

    @Test
    void anAbsolutePathNeverReachesOutsideTheRoot() {
        Path absolute = outside.resolve("secret.jpg").toAbsolutePath();
        assertThat(absolute).exists();
        assertRefused(() -> resolver.resolve(absolute.toString()), 403);
        assertRefused(() -> resolver.resolve("/etc/passwd"), 403);
        assertRefused(() -> resolver.resolve("//etc/passwd"), 403);
    }

    @Test
    void aSymlinkPointingOutsideTheRootIsNotServed() throws IOException {
        Files.createSymbolicLink(first.resolve("link.jpg"), outside.resolve("secret.jpg"));
        assertThat(first.resolve("link.jpg")).isRegularFile();
        assertThatThrownBy(() -> resolver.resolve("link.jpg"))
                .isExactlyInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(outside.toString()));
    }

    @Test
    void aSymlinkedDirectoryPointingOutsideTheRootIsNotServed() throws IOException {
        Files.createSymbolicLink(first.resolve("escape"), outside);
        assertRefused(() -> resolver.resolve("escape/secret.jpg"), 403);
    }

    @Test
    void aRelativeSymlinkClimbingOutOfTheRootIsNotServed() throws IOException {
        Files.createSymbolicLink(first.resolve("rel.jpg"), Path.of("../outside/secret.jpg"));
        assertThat(first.resolve("rel.jpg")).isRegularFile();
        assertRefused(() -> resolver.resolve("rel.jpg"), 403);
    }

    @Test
    void aSymlinkThatStaysInsideTheRootIsServed() throws IOException {
        Files.createSymbolicLink(second.resolve("alias.jpg"), second.resolve("sub/deeper/only2.jpg"));
        Path found = resolver.resolve("alias.jpg");
        assertThat(found).isEqualTo(second.toRealPath().resolve("sub/deeper/only2.jpg"));
    }

    @Test
    void aRootThatIsItselfASymlinkStillWorks() throws IOException {
        Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-root"), second);
        SourceResolver viaLink = new SourceResolver(List.of(linkedRoot));
        assertThat(Files.readString(viaLink.resolve("sub/deeper/only2.jpg"))).isEqualTo("only2");
    }
}
