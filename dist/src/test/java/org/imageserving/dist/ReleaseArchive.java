package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The release archive the dist build packs ({@code dist/target/imageserving-<version>.tar.gz}), unpacked as an operator would. */
final class ReleaseArchive {
    static final Path ARCHIVE = Path.of(System.getProperty("imageserving.releaseArchive",
            TestInstallation.CHECKOUT.resolve("dist/target/imageserving-0.1.0-SNAPSHOT.tar.gz").toString()));
    /** What a machine with a Java runtime and a shell has, and nothing else: no Maven, no build tools. */
    private static final List<String> SHELL_TOOLS = List.of("bash", "env", "dirname", "readlink", "ls");

    private ReleaseArchive() {}

    /** Unpacks the archive into {@code folder} with tar and returns the install folder it holds (its one top folder). */
    static Path unpack(Path folder) throws IOException {
        assertThat(ARCHIVE).as("the dist build packs the release archive").isRegularFile();
        Files.createDirectories(folder);
        run(List.of("tar", "-xzf", ARCHIVE.toString(), "-C", folder.toString()));
        try (var top = Files.list(folder)) {
            List<Path> entries = top.toList();
            assertThat(entries).as("one top folder in the archive").hasSize(1);
            return entries.get(0).toRealPath();
        }
    }

    /**
     * A folder for {@code PATH} holding only this JVM's {@code java} and the few shell tools the control script uses,
     * so a script that reached for {@code mvn} (or anything else) would fail. Each is a one-line script running the
     * real program (rather than a link, which the temporary folder's clean-up warns about).
     */
    static Path javaOnlyPath(Path folder) throws IOException {
        Path bin = Files.createDirectories(folder);
        wrap(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        for (String tool : SHELL_TOOLS) {
            Path target = List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream().filter(Files::isExecutable)
                    .findFirst().orElseThrow(() -> new AssertionError(tool + " not found in /usr/bin or /bin"));
            wrap(bin.resolve(tool), target);
        }
        return bin;
    }

    private static void wrap(Path script, Path program) throws IOException {
        Files.writeString(script, "#!/bin/sh\nexec " + program + " \"$@\"\n");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void run(List<String> command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
