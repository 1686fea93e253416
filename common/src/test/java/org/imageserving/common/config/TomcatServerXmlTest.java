package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.common.config.InstallFixture.lineOf;
import static org.imageserving.common.config.InstallFixture.replace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TomcatServerXmlTest {
    @TempDir
    Path root;
    InstallFolder install;
    Path file;

    @BeforeEach
    void copyShippedConf() {
        install = InstallFixture.copyShipped(root);
        file = install.conf(TomcatServerXml.FILE_NAME);
    }

    @Test
    void shippedFileHasTheDocumentedValues() {
        TomcatServerXml tc = TomcatServerXml.read(install);
        assertThat(tc.file()).isEqualTo(file);
        assertThat(tc.psPort()).isEqualTo(8080);
        assertThat(tc.psAddress()).isEmpty();
        assertThat(tc.accessLogDirectory()).isEqualTo(install.root().resolve("logs"));
        assertThat(tc.accessLogPrefix()).isEqualTo("access-");
        assertThat(tc.accessLogPattern()).startsWith("%G %a %s %{ProcessingStatus}r").contains("%{CacheUse}r", "%R", "%{CacheKey}r");
        assertThat(tc.accessLogMaxDays()).isEqualTo(10);
    }

    @Test
    void tlsAndAjpConnectorsAreNotThePsPortButAreKeptWithTheirLines() {
        replace(file, "<Connector port=\"8080\"",
                "<Connector port=\"8009\" protocol=\"AJP/1.3\"/>\n"
                        + "<Connector port=\"8443\" scheme=\"https\"/>\n"
                        + "<Connector port=\"8444\"\n    SSLEnabled=\"true\" keystoreFile=\"conf/ks.p12\"/>\n"
                        + "<Connector address=\"127.0.0.1\" port=\"8081\"");
        int ajp = lineOf(file, "port=\"8009\"");
        TomcatServerXml tc = TomcatServerXml.read(install);
        assertThat(tc.psPort()).isEqualTo(8081);
        assertThat(tc.psAddress()).isEqualTo("127.0.0.1");
        assertThat(tc.httpConnector().port()).isEqualTo(8081);
        assertThat(tc.otherConnectors()).extracting(ServerXmlElement::port).containsExactly(8009, 8443, 8444);
        ServerXmlElement tls = tc.otherConnectors().get(2);
        assertThat(tls.line()).as("where the tag starts").isEqualTo(ajp + 2);
        assertThat(tls.lineOf("keystoreFile")).isEqualTo(ajp + 3);
        assertThat(tls.attribute("keystoreFile")).isEqualTo("conf/ks.p12");
        assertThat(tls.tls()).isTrue();
    }

    @Test
    void everyConnectorNeedsAValidPort() {
        replace(file, "<Connector port=\"8080\"", "<Connector port=\"84430\" SSLEnabled=\"true\" scheme=\"https\">"
                + "</Connector>\n<Connector port=\"8080\"");
        int line = lineOf(file, "port=\"84430\"");
        assertThatThrownBy(() -> TomcatServerXml.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("port must be between 1 and 65535");
    }

    @Test
    void noAccessLogValveMeansDefaults() throws IOException {
        Files.writeString(file, "<Server><Service><Connector port=\"9090\"/></Service></Server>");
        TomcatServerXml tc = TomcatServerXml.read(install);
        assertThat(tc.psPort()).isEqualTo(9090);
        assertThat(tc.accessLogDirectory()).isEqualTo(install.root().resolve("logs"));
        assertThat(tc.accessLogPrefix()).isEqualTo("access-");
        assertThat(tc.accessLogPattern()).isEqualTo(TomcatServerXml.DEFAULT_PATTERN);
        assertThat(tc.accessLogMaxDays()).isEqualTo(10);
    }

    @Test
    void noHttpConnectorIsRefused() throws IOException {
        Files.writeString(file, "<Server>\n<Connector port=\"8009\" protocol=\"AJP/1.3\"/>\n</Server>\n");
        assertThatThrownBy(() -> TomcatServerXml.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("TC::PsPort");
    }

    @Test
    void nonNumberPortNamesTheConnectorLine() {
        replace(file, "<Connector port=\"8080\"", "<Connector port=\"80a\"");
        int line = lineOf(file, "<Connector port=\"80a\"");
        assertThatThrownBy(() -> TomcatServerXml.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("80a");
    }

    @Test
    void outOfRangePortNamesTheConnectorLine() {
        replace(file, "<Connector port=\"8080\"", "<Connector port=\"0\"");
        int line = lineOf(file, "<Connector port=\"0\"");
        assertThatThrownBy(() -> TomcatServerXml.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("port must be between 1 and 65535");
    }
}
