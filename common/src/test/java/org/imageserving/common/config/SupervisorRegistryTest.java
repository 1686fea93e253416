package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.common.config.InstallFixture.lineOf;
import static org.imageserving.common.config.InstallFixture.replace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.imageserving.common.config.SupervisorRegistry.ServerEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupervisorRegistryTest {
    @TempDir
    Path root;
    InstallFolder install;
    Path file;

    @BeforeEach
    void copyShippedConf() {
        install = InstallFixture.copyShipped(root);
        file = install.conf(SupervisorRegistry.FILE_NAME);
    }

    @Test
    void shippedFileHasTheDocumentedDefaults() {
        SupervisorRegistry sv = SupervisorRegistry.read(install);
        assertThat(sv.file()).isEqualTo(file);
        assertThat(sv.tcpPort()).isEqualTo(9910);
        assertThat(sv.log()).isEqualTo(install.root().resolve("logs/Supervisor.log"));
        assertThat(sv.temp()).isEqualTo(install.root().resolve("temp"));
        assertThat(sv.traceLevel()).isEqualTo(2);
        assertThat(sv.traceStatsInterval()).isEqualTo(Duration.ofSeconds(600));
        assertThat(sv.health().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(sv.health().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(sv.health().failuresBeforeRestart()).isEqualTo(3);
        assertThat(sv.servers()).extracting(ServerEntry::id).containsExactly("is", "svg", "ps");
        assertThat(sv.servers()).extracting(ServerEntry::startPriority).containsExactly(1, 1, 2);
        assertThat(sv.servers()).allSatisfy(s -> {
            assertThat(s.startDelay()).isEqualTo(Duration.ofSeconds(5));
            assertThat(s.stopTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(s.droppedArguments()).isEmpty();
        });
    }

    @Test
    void shippedServersCombineTheirProfiles() {
        SupervisorRegistry sv = SupervisorRegistry.read(install);
        ServerEntry is = sv.server("is").orElseThrow();
        assertThat(is.mainClass()).isEqualTo("org.imageserving.is.ImageServerMain");
        assertThat(is.description()).isEqualTo("Dynamic Media Image Server");
        assertThat(is.jvmArguments()).containsExactly("-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xms64m");

        assertThat(is.environment()).containsOnly(java.util.Map.entry("MALLOC_ARENA_MAX", "1"),
                java.util.Map.entry("MALLOC_MMAP_THRESHOLD_", "33554432"),
                java.util.Map.entry("MALLOC_TRIM_THRESHOLD_", "134217728"));

        ServerEntry svg = sv.server("svg").orElseThrow();
        assertThat(svg.environment()).isEmpty();
        assertThat(svg.mainClass()).isEqualTo("org.imageserving.svg.SvgServerMain");
        assertThat(svg.jvmArguments()).containsExactly("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Xmx200m");

        ServerEntry ps = sv.server("ps").orElseThrow();
        assertThat(ps.mainClass()).isEqualTo("org.imageserving.ps.PlatformServerMain");
        assertThat(ps.jvmArguments()).containsExactly("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Xmx512m");

        assertThat(sv.server("nope")).isEmpty();
    }

    @Test
    void permGenFlagsAreDroppedNotPassedOn() {
        replace(file, "<argument>-Xmx200m</argument>",
                "<argument>-Xmx200m</argument><argument>-XX:MaxPermSize=256m</argument><argument>-XX:PermSize=64m</argument>");
        ServerEntry svg = SupervisorRegistry.read(install).server("svg").orElseThrow();
        assertThat(svg.droppedArguments()).containsExactly("-XX:MaxPermSize=256m", "-XX:PermSize=64m");
        assertThat(svg.jvmArguments()).containsExactly("-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Xmx200m");
    }

    @Test
    void startPriorityOrdersServersStablyWithinAPriority() {
        replace(file, "<startPriority>2</startPriority>", "<startPriority>0</startPriority>");
        SupervisorRegistry sv = SupervisorRegistry.read(install);
        assertThat(sv.servers()).extracting(ServerEntry::id).containsExactly("ps", "is", "svg");
    }

    @Test
    void unknownProfileRefNamesTheFileAndTheLineOfTheRef() {
        replace(file, "<profile ref=\"SVG\"/>", "<profile ref=\"SVGX\"/>");
        int line = lineOf(file, "ref=\"SVGX\"");
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("'SVGX'")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(line));
    }

    @Test
    void unknownServerIdNamesTheLineOfTheServer() {
        replace(file, "<server id=\"svg\">", "<server id=\"svgx\">");
        int line = lineOf(file, "<server id=\"svgx\">");
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("'svgx'");
    }

    @Test
    void serverWithoutIdNamesTheLineOfTheServer() {
        replace(file, "<server id=\"ps\">", "<server>");
        int line = lineOf(file, "<server>");
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("server id");
    }

    @Test
    void missingServerNamesTheLineOfServers() throws IOException {
        String text = Files.readString(file);
        String withoutPs = text.replaceAll("(?s)<server id=\"ps\">.*?</server>", "");
        assertThat(withoutPs).isNotEqualTo(text);
        Files.writeString(file, withoutPs);
        int line = lineOf(file, "<servers>");
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("<server id=\"ps\">");
    }

    @Test
    void duplicateServerIdNamesTheLineOfTheSecond() {
        replace(file, "<server id=\"ps\">", "<server id=\"is\">");
        int line = lineOf(file, "Dynamic Media Platform Server") - 1;
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("'is'")
                .hasMessageContaining("twice");
    }

    @Test
    void nonNumberStartPriorityNamesTheLine() {
        replace(file, "<startPriority>2</startPriority>", "<startPriority>high</startPriority>");
        int line = lineOf(file, "<startPriority>high</startPriority>");
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("<startPriority>")
                .hasMessageContaining("'high'")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(line));
    }

    @Test
    void outOfRangeTcpPortNamesTheLine() {
        replace(file, "<tcpport>9910</tcpport>", "<tcpport>99100</tcpport>");
        int line = lineOf(file, "<tcpport>99100</tcpport>");
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("<tcpport>");
    }

    @Test
    void serverWithoutMainClassIsRefused() {
        replace(file, "<profile ref=\"ImageServer64\"/>", "<profile ref=\"Java64\"/>");
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + lineOf(file, "<server id=\"is\">") + ": ")
                .hasMessageContaining("mainClass");
    }

    @Test
    void healthBlockIsOptional() throws IOException {
        String text = Files.readString(file);
        Files.writeString(file, text.replaceAll("(?s)<health>.*?</health>", "")
                .replace("<tcpport>9910</tcpport>", "<tcpport>9911</tcpport>"));
        SupervisorRegistry sv = SupervisorRegistry.read(install);
        assertThat(sv.tcpPort()).isEqualTo(9911);
        assertThat(sv.health()).isEqualTo(new SupervisorRegistry.HealthProbeSettings(
                Duration.ofSeconds(5), Duration.ofSeconds(5), 3));
    }

    @Test
    void wrongRootElementIsRefused() throws IOException {
        Files.writeString(file, "<?xml version=\"1.0\"?>\n<supervisors/>\n");
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: ")
                .hasMessageContaining("<supervisor>");
    }

    @Test
    void missingFileNamesTheFile() throws IOException {
        Files.delete(file);
        assertThatThrownBy(() -> SupervisorRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void environmentEntriesOfAServerWinOverItsProfilesAndAreCheckedForNames() {
        replace(file, "<startPriority>1</startPriority>\n      <startDelay>5</startDelay>\n      <stopTimeout>60</stopTimeout>\n    </server>\n    <server id=\"svg\">",
                "<startPriority>1</startPriority>\n      <startDelay>5</startDelay>\n      <stopTimeout>60</stopTimeout>\n"
                        + "      <environment name=\"MALLOC_ARENA_MAX\">4</environment>\n"
                        + "      <environment name=\"MALLOC_TRIM_THRESHOLD_\">131072</environment>\n"
                        + "    </server>\n    <server id=\"svg\">");
        ServerEntry is = SupervisorRegistry.read(install).server("is").orElseThrow();
        assertThat(is.environment()).containsEntry("MALLOC_ARENA_MAX", "4").containsEntry("MALLOC_TRIM_THRESHOLD_", "131072")
                .containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432").hasSize(3); // the profile's third entry stays

        replace(file, "<environment name=\"MALLOC_ARENA_MAX\">4</environment>", "<environment name=\"A-B\">4</environment>");
        int line = lineOf(file, "name=\"A-B\"");
        assertThatThrownBy(() -> SupervisorRegistry.read(install)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(":" + line).hasMessageContaining("'A-B'");
    }
}
