package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.common.config.InstallFixture.replace;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationTest {
    private static final String CACHE_URL = "<CacheServerUrl>http://localhost:8080/is/cache/secondary</CacheServerUrl>";

    @TempDir
    Path root;
    InstallFolder install;

    @BeforeEach
    void copyShippedConf() {
        install = InstallFixture.copyShipped(root);
    }

    private Path conf(String name) {
        return install.conf(name);
    }

    @Test
    void shippedConfigurationIsConsistent() {
        Configuration c = Configuration.read(install);
        assertThat(c.install()).isEqualTo(install);
        assertThat(c.listeningPorts()).containsExactly(
                org.assertj.core.api.Assertions.entry("sv", 9910),
                org.assertj.core.api.Assertions.entry("is", 27345),
                org.assertj.core.api.Assertions.entry("svg", 27346),
                org.assertj.core.api.Assertions.entry("ps", 8080));
        assertThat(c.imageServer().maxNonDsfPixels()).isEqualTo(50_000_000L);
        assertThat(c.platformServer().allowDefaultCatalogRequests()).isTrue();
    }

    @Test
    void consistentlyMovedPortsAreAccepted() {
        replace(conf("ImageServerRegistry.xml"), "<TcpPort>27345</TcpPort>", "<TcpPort>27400</TcpPort>");
        replace(conf("PlatformServer.conf"), "isConnection.port=27345", "isConnection.port=27400");
        replace(conf("server.xml"), "port=\"8080\"", "port=\"8090\"");
        replace(conf("PlatformServer.conf"), "svgProvider.port=8080", "svgProvider.port=8090");
        replace(conf("ImageServerRegistry.xml"), CACHE_URL,
                "<CacheServerUrl>http://localhost:8090/is/cache/secondary</CacheServerUrl>");
        Configuration c = Configuration.read(install);
        assertThat(c.listeningPorts()).containsEntry("is", 27400).containsEntry("ps", 8090);
    }

    @Test
    void isTcpPortMustEqualPsIsConnectionPort() {
        replace(conf("ImageServerRegistry.xml"), "<TcpPort>27345</TcpPort>", "<TcpPort>27400</TcpPort>");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("IS::TcpPort is 27400 but PS::isConnection.port is 27345")
                .hasMessageContaining(install.root().resolve("conf").toString());
    }

    @Test
    void psIsConnectionPortMustEqualIsTcpPort() {
        replace(conf("PlatformServer.conf"), "isConnection.port=27345", "isConnection.port=27999");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("IS::TcpPort is 27345 but PS::isConnection.port is 27999");
    }

    @Test
    void isSvgTcpPortMustEqualSvgRenderPort() {
        replace(conf("svg.conf"), "SVGRender.port=27346", "SVGRender.port=27401");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("IS::SVGTcpPort is 27346 but SVG::SVGRender.port is 27401");
    }

    @Test
    void svgProviderPortMustEqualPsPort() {
        replace(conf("PlatformServer.conf"), "svgProvider.port=8080", "svgProvider.port=8081");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PS::svgProvider.port is 8081 but TC::PsPort is 8080");
    }

    @Test
    void cacheServerUrlPortMustEqualPsPort() {
        replace(conf("ImageServerRegistry.xml"), CACHE_URL,
                "<CacheServerUrl>http://localhost:8082/is/cache/secondary</CacheServerUrl>");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the port of IS::CacheServerUrl is 8082 but TC::PsPort is 8080");
    }

    @Test
    void cacheServerUrlWithoutPortMeansPort80() {
        replace(conf("ImageServerRegistry.xml"), CACHE_URL,
                "<CacheServerUrl>http://localhost/is/cache/secondary</CacheServerUrl>");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the port of IS::CacheServerUrl is 80 but TC::PsPort is 8080");
    }

    @Test
    void psPortChangedAloneBreaksBothPairsThatReferToIt() {
        replace(conf("server.xml"), "port=\"8080\"", "port=\"8090\"");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PS::svgProvider.port is 8080 but TC::PsPort is 8090")
                .hasMessageContaining("the port of IS::CacheServerUrl is 8080 but TC::PsPort is 8090");
    }

    @Test
    void twoComponentsOnOnePortAreRefused() {
        replace(conf("SupervisorRegistry.xml"), "<tcpport>9910</tcpport>", "<tcpport>8080</tcpport>");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("<tcpport> of SupervisorRegistry.xml and TC::PsPort are both 8080")
                .satisfies(e -> assertThat(e.getMessage().lines().filter(l -> l.startsWith("  - "))).hasSize(1));
    }

    @Test
    void anHttpsConnectorOnAComponentsPortIsRefused() {
        replace(conf("server.xml"), "<Connector port=\"8080\"",
                "<Connector port=\"27345\" SSLEnabled=\"true\" scheme=\"https\"/>\n<Connector port=\"8080\"");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("IS::TcpPort and the <Connector port=\"27345\"> at " + conf("server.xml") + ":");
    }

    @Test
    void imageServerAndSvgServerOnOnePortAreRefused() {
        replace(conf("svg.conf"), "SVGRender.port=27346", "SVGRender.port=27345");
        replace(conf("ImageServerRegistry.xml"), "<SVGTcpPort>27346</SVGTcpPort>", "<SVGTcpPort>27345</SVGTcpPort>");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("IS::TcpPort and SVG::SVGRender.port are both 27345");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        replace(conf("ImageServerRegistry.xml"), "<TcpPort>27345</TcpPort>", "<TcpPort>27400</TcpPort>");
        replace(conf("svg.conf"), "SVGRender.port=27346", "SVGRender.port=27401");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("IS::TcpPort is 27400")
                .hasMessageContaining("SVG::SVGRender.port is 27401");
    }

    @Test
    void misspeltAllowDefaultCatalogRequstsReachesTheConfiguration() {
        replace(conf("PlatformServer.conf"), "allowDefaultCatalogRequests=true", "allowDefaultCatalogRequsts=false");
        assertThat(Configuration.read(install).platformServer().allowDefaultCatalogRequests()).isFalse();
    }

    @Test
    void anErrorInOneFileIsReportedWithThatFile() {
        replace(conf("svg.conf"), "SVGRender.port=27346", "SVGRender.port=high");
        assertThatThrownBy(() -> Configuration.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(conf("svg.conf") + ":2: ");
    }
}
