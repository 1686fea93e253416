package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imageserving.dist.TestInstallation.Run;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as an operator gets it: unpacked into an empty folder. That it starts, serves and stops with a
 * Java runtime only (no Maven on the PATH) is shown by {@link LoadBalancedDeploymentIT}, whose three nodes are such
 * folders.
 */
class ReleaseArchiveIT {
    @TempDir
    Path folder;

    @Test
    void theArchiveHoldsARunnableInstallFolderWithoutSources() throws IOException {
        Path root = ReleaseArchive.unpack(folder.resolve("unpacked"));

        assertThat(root.getFileName().toString()).startsWith("imageserving-");
        assertThat(root.resolve("bin/ImageServing")).isExecutable();
        assertThat(root.resolve("bin/ic")).isExecutable();
        try (Stream<Path> lib = Files.list(root.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("supervisor-")).anyMatch(n -> n.startsWith("tools-"))
                    .anyMatch(n -> n.startsWith("platform-server-")).anyMatch(n -> n.startsWith("tomcat-embed-core-"));
        }
        for (String file : List.of("conf/SupervisorRegistry.xml", "catalog/default.ini", "images/samples/tower.jpg",
                "images/fonts/dejavu/DejaVuSans.ttf", "static-content/samples/index.html",
                "static-content/samples/openseadragon/openseadragon.min.js", "docs/operations.md", "README.md",
                "LICENSE", "deploy/systemd/imageserving.service", "deploy/haproxy/haproxy.cfg")) {
            assertThat(root.resolve(file)).as(file).isRegularFile();
        }
        assertThat(root.resolve("pom.xml")).as("no sources: the script must not try to build").doesNotExist();
        try (Stream<Path> all = Files.walk(root)) {
            assertThat(all.map(p -> root.relativize(p).toString()))
                    .noneMatch(p -> p.endsWith("pom.xml") || p.contains("/src/") || p.startsWith("logs")
                            || p.startsWith("cache") || p.startsWith("temp"));
        }
    }

    @Test
    void aDamagedReleaseSaysSoInsteadOfTryingToBuild() throws Exception {
        TestInstallation system = TestInstallation.unpackRelease(folder.resolve("unpacked"));
        try (Stream<Path> lib = Files.list(system.root.resolve("lib"))) {
            for (Path jar : lib.filter(p -> p.getFileName().toString().startsWith("supervisor-")).toList()) {
                Files.delete(jar);
            }
        }
        system.withEnvironment("PATH", ReleaseArchive.javaOnlyPath(folder.resolve("path")).toString());

        Run start = system.script("start");

        assertThat(start.exitCode()).as(start.toString()).isEqualTo(1);
        assertThat(start.stderr()).contains("has no sources to build it from: unpack the release archive again")
                .doesNotContain("Building");
        assertThat(system.processes()).isEmpty();
    }

    /** The machine running the tests has no systemd as pid 1, so the unit is verified, not started (docs/operations.md). */
    @Test
    void systemdAcceptsTheUnitForTheUnpackedFolder() throws Exception {
        Path analyze = DebianPackage.require(Path.of("/usr/bin/systemd-analyze"), "systemd");
        Path root = ReleaseArchive.unpack(folder.resolve("unpacked"));
        String unit = Files.readString(root.resolve("deploy/systemd/imageserving.service"));
        assertThat(unit).contains("WorkingDirectory=/opt/imageserving", "PIDFile=/opt/imageserving/temp/supervisor.pid");
        String here = unit.replace("/opt/imageserving", root.toString());

        Run verified = verify(analyze, here);

        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.stdout() + verified.stderr()).as("no warnings either").isBlank();
        // the same check notices a unit whose start command is not where it says
        Run broken = verify(analyze, here.replace("bin/ImageServing start", "bin/ImageServin start"));
        assertThat(broken.exitCode()).isNotZero();
        assertThat(broken.stderr()).contains("bin/ImageServin");
    }

    private Run verify(Path analyze, String unit) throws Exception {
        Path dir = Files.createDirectories(folder.resolve("unit-" + System.nanoTime()));
        Path file = Files.writeString(dir.resolve("imageserving.service"), unit);
        Process process = new ProcessBuilder(analyze.toString(), "verify", file.toString())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }
}
