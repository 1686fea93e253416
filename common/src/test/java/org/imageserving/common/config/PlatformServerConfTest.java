package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.common.config.InstallFixture.lineOf;
import static org.imageserving.common.config.InstallFixture.replace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.imageserving.common.imaging.source.SourceRoot;
import org.imageserving.common.imaging.source.s3.BucketRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformServerConfTest {
    @TempDir
    Path root;
    InstallFolder install;
    Path file;

    @BeforeEach
    void copyShippedConf() {
        install = InstallFixture.copyShipped(root);
        file = install.conf(PlatformServerConf.FILE_NAME);
    }

    @Test
    void shippedFileHasTheDocumentedValues() {
        PlatformServerConf ps = PlatformServerConf.read(install);
        assertThat(ps.file()).isEqualTo(file);
        assertThat(ps.cacheRootPaths()).containsExactly(install.root().resolve("cache"));
        assertThat(ps.cacheMaxSize()).isEqualTo(1_073_741_824L);
        assertThat(ps.cacheMaxEntries()).isEqualTo(1_000_000L);
        assertThat(ps.isConnectionPort()).isEqualTo(27345);
        assertThat(ps.isConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ps.isReadTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ps.isPoolSize()).isEqualTo(32);
        assertThat(ps.isMaxRequests()).isEqualTo(64);
        assertThat(ps.allowDefaultCatalogRequests()).isTrue();
        assertThat(ps.svgProviderPort()).isEqualTo(8080);
        assertThat(ps.svgFileSizeLimitBytes()).isEqualTo(1024L * 1024);
        assertThat(ps.staticContentFolders()).containsExactly(install.root().resolve("static-content"));
        assertThat(ps.hasBucketStaticContentRoots()).isFalse();
    }

    @Test
    void aMissingFileMeansEveryDefault() throws IOException {
        Files.delete(file);
        PlatformServerConf ps = PlatformServerConf.read(install);
        assertThat(ps.isConnectionPort()).isEqualTo(27345);
        assertThat(ps.svgProviderPort()).isEqualTo(8080);
        assertThat(ps.isPoolSize()).isEqualTo(32);
        assertThat(ps.isMaxRequests()).isEqualTo(64);
        assertThat(ps.allowDefaultCatalogRequests()).isTrue();
        assertThat(ps.cacheRootPaths()).containsExactly(install.root().resolve("cache"));
    }

    @Test
    void theMisspeltAllowDefaultCatalogRequstsIsHonoured() {
        replace(file, "allowDefaultCatalogRequests=true", "allowDefaultCatalogRequsts=false");
        assertThat(PlatformServerConf.read(install).allowDefaultCatalogRequests()).isFalse();
    }

    @Test
    void theCorrectSpellingIsHonouredToo() {
        replace(file, "allowDefaultCatalogRequests=true", "allowDefaultCatalogRequests=false");
        assertThat(PlatformServerConf.read(install).allowDefaultCatalogRequests()).isFalse();
    }

    @Test
    void aBadMisspeltValueNamesTheMisspeltKeyAndLine() {
        replace(file, "allowDefaultCatalogRequests=true", "allowDefaultCatalogRequsts=perhaps");
        int line = lineOf(file, "allowDefaultCatalogRequsts");
        assertThatThrownBy(() -> PlatformServerConf.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("allowDefaultCatalogRequsts");
    }

    @Test
    void listsAreSemicolonSeparated() {
        replace(file, "cache.rootPaths=./cache", "cache.rootPaths=./cache1; /var/cache2 ;;");
        assertThat(PlatformServerConf.read(install).cacheRootPaths())
                .containsExactly(install.root().resolve("cache1"), Path.of("/var/cache2"));
    }

    @Test
    void badPortNamesTheKeyAndLine() {
        replace(file, "isConnection.port=27345", "isConnection.port=27345x");
        int line = lineOf(file, "isConnection.port=");
        assertThatThrownBy(() -> PlatformServerConf.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("isConnection.port");
    }

    @Test
    void aRepeatedKeyIsRefused() throws IOException {
        Files.writeString(file, Files.readString(file) + "svgProvider.port=8081\n");
        int line = Files.readAllLines(file).size();
        assertThatThrownBy(() -> PlatformServerConf.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("svgProvider.port");
    }

    @Test
    void aBucketAmongTheStaticContentRootsIsABucketRootInItsPlace() {
        replace(file, "staticContent.rootPaths=./static-content",
                "staticContent.rootPaths=./static-content;s3://masters/static/");
        PlatformServerConf ps = PlatformServerConf.read(install);
        assertThat(ps.staticContentRoots()).containsExactly(
                new SourceRoot.Folder(install.root().resolve("static-content")),
                new SourceRoot.Bucket(BucketRoot.parse("s3://masters/static/")));
        assertThat(ps.hasBucketStaticContentRoots()).isTrue();
        assertThat(ps.staticContentFolders()).containsExactly(install.root().resolve("static-content"));
    }

    @Test
    void aStaticContentBucketOfAnInvalidNameIsRefused() {
        replace(file, "staticContent.rootPaths=./static-content", "staticContent.rootPaths=s3://No_Such/static/");
        assertThatThrownBy(() -> PlatformServerConf.read(install)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("staticContent.rootPaths").hasMessageContaining("No_Such");
    }
}
