package org.imageserving.ps.cachecluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.imageserving.common.config.ConfigException;
import org.imageserving.common.config.PropertiesFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheClusterSettingsTest {
    @TempDir
    Path folder;

    @Test
    void theShippedFileIsNoClusterWithTheDocumentedTimeouts() {
        CacheClusterSettings settings = CacheClusterSettings.read(
                PropertiesFile.read(Path.of("../conf/PlatformServer.conf")), 8080);
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.queryTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(settings.fetchTimeout()).isEqualTo(Duration.ofMillis(10_000));
        assertThat(settings.updateLocalCache()).isTrue();
    }

    @Test
    void everyKeyHasItsEffect() throws IOException {
        CacheClusterSettings settings = read("cacheCluster.hosts=192.0.2.7;192.0.2.8:8081\n"
                + "cacheCluster.queryTimeout=120\ncacheCluster.fetchTimeout=3000\ncacheCluster.updateLocalCache=false\n");
        assertThat(settings.hosts().peers()).extracting(ClusterHosts.Peer::authority)
                .containsExactly("192.0.2.7:8080", "192.0.2.8:8081");
        assertThat(settings.queryTimeout()).isEqualTo(Duration.ofMillis(120));
        assertThat(settings.fetchTimeout()).isEqualTo(Duration.ofMillis(3000));
        assertThat(settings.updateLocalCache()).isFalse();
    }

    @Test
    void theOlderNameClusterHostsIsReadWhenTheNewOneIsAbsent() throws IOException {
        assertThat(read("cluster.hosts=192.0.2.9\n").hosts().peers()).hasSize(1);
        assertThat(read("cluster.hosts=192.0.2.9\ncacheCluster.hosts=\n").enabled()).isFalse();
    }

    @Test
    void aBadValueIsAConfigurationErrorNamingItsKey() {
        assertThatThrownBy(() -> read("cacheCluster.hosts=peer.example.com\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cacheCluster.hosts")
                .hasMessageContaining("peer.example.com");
        assertThatThrownBy(() -> read("cacheCluster.queryTimeout=0\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cacheCluster.queryTimeout");
        assertThatThrownBy(() -> read("cacheCluster.updateLocalCache=maybe\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cacheCluster.updateLocalCache");
    }

    private CacheClusterSettings read(String text) throws IOException {
        Path file = Files.writeString(folder.resolve("PlatformServer.conf"), text);
        return CacheClusterSettings.read(PropertiesFile.read(file), 8080);
    }
}
