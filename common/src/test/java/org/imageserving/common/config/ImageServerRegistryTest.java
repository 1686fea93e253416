package org.imageserving.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.common.config.InstallFixture.lineOf;
import static org.imageserving.common.config.InstallFixture.replace;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServerRegistryTest {
    @TempDir
    Path root;
    InstallFolder install;
    Path file;

    @BeforeEach
    void copyShippedConf() {
        install = InstallFixture.copyShipped(root);
        file = install.conf(ImageServerRegistry.FILE_NAME);
    }

    @Test
    void shippedFileHasTheDocumentedValues() {
        ImageServerRegistry is = ImageServerRegistry.read(install);
        Path r = install.root();
        assertThat(is.file()).isEqualTo(file);
        assertThat(is.tcpPort()).isEqualTo(27345);
        assertThat(is.svgTcpPort()).isEqualTo(27346);
        assertThat(is.rootPaths()).containsExactly(r.resolve("images"));
        assertThat(is.tempDirectory()).isEqualTo(r.resolve("temp"));
        assertThat(is.log()).isEqualTo(r.resolve("logs/ImageServer.log"));
        assertThat(is.traceClient()).isEqualTo(2);
        assertThat(is.physicalMemoryPercent()).isEqualTo(20);
        assertThat(is.workerThreads()).isZero();
        assertThat(is.effectiveWorkerThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(is.maxRenderRgnPixels()).isEqualTo(16_000_000L);
        assertThat(is.maxSavePixels()).isEqualTo(100_000_000L);
        assertThat(is.maxMessageSizeBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(is.maxNonDsfPixels()).isEqualTo(50_000_000L);
        assertThat(is.svgMaxRenderRgnPixels()).isEqualTo(4_000_000L);
        assertThat(is.cacheServerUrl()).isEqualTo(URI.create("http://localhost:8080/is/cache/secondary"));
        assertThat(is.maxQueuedRenders()).isEqualTo(16);
        assertThat(is.renderQueueTimeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(is.renderTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void theRenderQueueSettingsAreReadAndCheckedWithTheirLine() {
        replace(file, "<MaxQueuedRenders>16</MaxQueuedRenders>", "<MaxQueuedRenders>0</MaxQueuedRenders>");
        replace(file, "<RenderQueueTimeout>10000</RenderQueueTimeout>", "<RenderQueueTimeout>250</RenderQueueTimeout>");
        ImageServerRegistry is = ImageServerRegistry.read(install);
        assertThat(is.maxQueuedRenders()).as("0: no render waits").isZero();
        assertThat(is.renderQueueTimeout()).isEqualTo(java.time.Duration.ofMillis(250));
        replace(file, "<RenderTimeout>60000</RenderTimeout>", "<RenderTimeout>5</RenderTimeout>");
        int line = lineOf(file, "<RenderTimeout>5</RenderTimeout>");
        assertThatThrownBy(() -> ImageServerRegistry.read(install)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":" + line).hasMessageContaining("RenderTimeout");
    }

    @Test
    void anEmptyRegistryHasTheOriginalDefaults() throws IOException {
        Files.writeString(file, "<imageserverregistry/>");
        ImageServerRegistry is = ImageServerRegistry.read(install);
        assertThat(is.tcpPort()).isEqualTo(27345);
        assertThat(is.svgTcpPort()).isEqualTo(27346);
        assertThat(is.rootPaths()).containsExactly(install.root().resolve("images"));
        assertThat(is.maxNonDsfPixels()).isEqualTo(4_000_000L);
        assertThat(is.maxRenderRgnPixels()).isEqualTo(16_000_000L);
        assertThat(is.cacheServerUrl().getPort()).isEqualTo(8080);
        assertThat(is.maxQueuedRenders()).isEqualTo(16);
    }

    @Test
    void severalRootPathsAreKeptInOrder() {
        replace(file, "<RootPath>./images</RootPath>",
                "<RootPath>./images</RootPath><RootPath>/srv/more</RootPath><RootPath> other/sub </RootPath>");
        ImageServerRegistry is = ImageServerRegistry.read(install);
        assertThat(is.rootPaths()).containsExactly(
                install.root().resolve("images"), Path.of("/srv/more"), install.root().resolve("other/sub"));
    }

    @Test
    void workerThreadsSetExplicitly() {
        replace(file, "<WorkerThreads>0</WorkerThreads>", "<WorkerThreads>3</WorkerThreads>");
        assertThat(ImageServerRegistry.read(install).effectiveWorkerThreads()).isEqualTo(3);
    }

    @Test
    void outOfRangeValueNamesTheLine() {
        replace(file, "<MaxNonDsfSize>50</MaxNonDsfSize>", "<MaxNonDsfSize>0</MaxNonDsfSize>");
        int line = lineOf(file, "<MaxNonDsfSize>0</MaxNonDsfSize>");
        assertThatThrownBy(() -> ImageServerRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("<MaxNonDsfSize>");
    }

    @Test
    void nonNumberPortNamesTheLine() {
        replace(file, "<TcpPort>27345</TcpPort>", "<TcpPort>twenty</TcpPort>");
        int line = lineOf(file, "<TcpPort>twenty</TcpPort>");
        assertThatThrownBy(() -> ImageServerRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("'twenty'");
    }

    @Test
    void cacheServerUrlWithoutHostNamesTheLine() {
        replace(file, "<CacheServerUrl>http://localhost:8080/is/cache/secondary</CacheServerUrl>",
                "<CacheServerUrl>not a url</CacheServerUrl>");
        int line = lineOf(file, "<CacheServerUrl>not a url");
        assertThatThrownBy(() -> ImageServerRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":" + line + ": ")
                .hasMessageContaining("CacheServerUrl")
                .hasMessageContaining("not a url");
    }

    @Test
    void wrongRootElementIsRefused() throws IOException {
        Files.writeString(file, "<registry/>");
        assertThatThrownBy(() -> ImageServerRegistry.read(install))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":1: ")
                .hasMessageContaining("<imageserverregistry>");
    }

    @Test
    void bucketRootsAreSearchedInOrderWithTheFoldersAndTheirSettingsRead() {
        replace(file, "<RootPath>./images</RootPath>", "<RootPath>s3://masters/catalog</RootPath>"
                + "<RootPath>./images</RootPath><S3Endpoint>http://127.0.0.1:9000</S3Endpoint>"
                + "<S3AccessKeyId>key</S3AccessKeyId><S3SecretAccessKey>very-secret</S3SecretAccessKey>"
                + "<S3PathStyleAccess>1</S3PathStyleAccess><S3CacheSize>5</S3CacheSize>");
        ImageServerRegistry is = ImageServerRegistry.read(install);
        assertThat(is.sourceRoots()).extracting(Object::toString)
                .containsExactly("s3://masters/catalog/", install.root().resolve("images").toString());
        assertThat(is.rootPaths()).containsExactly(install.root().resolve("images"));
        assertThat(is.hasBucketRoots()).isTrue();
        assertThat(is.s3().endpoint()).hasValue(URI.create("http://127.0.0.1:9000"));
        assertThat(is.s3().pathStyle()).isTrue();
        assertThat(is.s3().cacheBytes()).isEqualTo(5L << 20);
        assertThat(is.s3().cacheDirectory()).isEqualTo(install.root().resolve("cache/masters"));
        assertThat(is.s3().maxRetries()).isEqualTo(3);
        assertThat(is.s3().metadataTtl()).as("IS::S3MetadataTtl's default").isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(is.s3().toString()).as("printed in the log").doesNotContain("very-secret");
        assertThat(is.toString()).doesNotContain("very-secret");
    }

    @Test
    void aBadBucketOrAHalfCredentialIsRefusedWithItsLine() {
        replace(file, "<RootPath>./images</RootPath>", "<RootPath>s3://Not_A_Bucket/</RootPath>");
        assertThatThrownBy(() -> ImageServerRegistry.read(install)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("RootPath").hasMessageContaining("Not_A_Bucket");
        replace(file, "<RootPath>s3://Not_A_Bucket/</RootPath>", "<RootPath>s3://ok-bucket/</RootPath>"
                + "<S3AccessKeyId>key</S3AccessKeyId>");
        assertThatThrownBy(() -> ImageServerRegistry.read(install)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("S3SecretAccessKey");
    }

    @Test
    void theMetadataTtlIsReadInMillisecondsAndZeroTurnsItOff() {
        replace(file, "<RootPath>./images</RootPath>", "<RootPath>s3://masters/</RootPath>"
                + "<S3MetadataTtl>0</S3MetadataTtl>");
        assertThat(ImageServerRegistry.read(install).s3().metadataTtl()).isZero();
        replace(file, "<S3MetadataTtl>0</S3MetadataTtl>", "<S3MetadataTtl>250</S3MetadataTtl>");
        assertThat(ImageServerRegistry.read(install).s3().metadataTtl()).isEqualTo(java.time.Duration.ofMillis(250));
        replace(file, "<S3MetadataTtl>250</S3MetadataTtl>", "<S3MetadataTtl>-1</S3MetadataTtl>");
        assertThatThrownBy(() -> ImageServerRegistry.read(install)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("S3MetadataTtl");
    }
}
