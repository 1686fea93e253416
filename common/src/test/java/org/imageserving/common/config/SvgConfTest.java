package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.common.config.InstallFixture.replace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SvgConfTest {
    @TempDir
    Path root;
    InstallFolder install;
    Path file;

    @BeforeEach
    void copyShippedConf() {
        install = InstallFixture.copyShipped(root);
        file = install.conf(SvgConf.FILE_NAME);
    }

    @Test
    void shippedFileHasTheDocumentedPort() {
        SvgConf svg = SvgConf.read(install);
        assertThat(svg.file()).isEqualTo(file);
        assertThat(svg.renderPort()).isEqualTo(27346);
    }

    @Test
    void changedPortIsRead() {
        replace(file, "SVGRender.port=27346", "SVGRender.port = 28000");
        assertThat(SvgConf.read(install).renderPort()).isEqualTo(28000);
    }

    @Test
    void aMissingFileMeansTheDefaultPort() throws IOException {
        Files.delete(file);
        assertThat(SvgConf.read(install).renderPort()).isEqualTo(27346);
    }

    @Test
    void badPortNamesTheKeyAndLine() {
        replace(file, "SVGRender.port=27346", "SVGRender.port=0");
        assertThatThrownBy(() -> SvgConf.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2: ")
                .hasMessageContaining("SVGRender.port");
    }
}
