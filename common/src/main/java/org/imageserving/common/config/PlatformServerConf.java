package org.imageserving.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.imageserving.common.imaging.source.SourceRoot;

/**
 * {@code conf/PlatformServer.conf}: the {@code PS::} settings. The {@code isConnection.*Timeout},
 * {@code isConnection.poolSize} and {@code isConnection.maxRequests} keys are ours (the original does not document how
 * ps talks to is).
 */
public record PlatformServerConf(
        Path file,
        List<Path> cacheRootPaths,
        long cacheMaxSize,
        long cacheMaxEntries,
        int isConnectionPort,
        Duration isConnectTimeout,
        Duration isReadTimeout,
        int isPoolSize,
        int isMaxRequests,
        boolean allowDefaultCatalogRequests,
        int svgProviderPort,
        long svgFileSizeLimitBytes,
        Path svgFontRoot,
        List<SourceRoot> staticContentRoots) {

    public static final String FILE_NAME = "PlatformServer.conf";

    public static PlatformServerConf read(InstallFolder install) {
        PropertiesFile p = PropertiesFile.readIfPresent(install.conf(FILE_NAME));
        return new PlatformServerConf(
                p.path(),
                paths(install, p.get("cache.rootPaths", "./cache")),
                p.getLong("cache.maxSize", 1_073_741_824L, 0, Long.MAX_VALUE),
                p.getLong("cache.maxEntries", 1_000_000L, 0, Integer.MAX_VALUE),
                p.getInt("isConnection.port", 27345, 1, 65535),
                Duration.ofMillis(p.getLong("isConnection.connectTimeout", 2000, 1, 600_000)),
                Duration.ofMillis(p.getLong("isConnection.readTimeout", 60_000, 1, 3_600_000)),
                p.getInt("isConnection.poolSize", 32, 1, 1024),
                p.getInt("isConnection.maxRequests", 64, 1, 100_000),
                allowDefaultCatalogRequests(p),
                p.getInt("svgProvider.port", 8080, 1, 65535),
                p.getLong("svgProvider.SVGFileSizeLimit", 1024, 1, 1_048_576) * 1024L,
                install.resolve(p.get("svgProvider.fontRoot", "./images")),
                staticContentRoots(p, install));
    }

    /**
     * {@code PS::staticContent.rootPaths}: folders and, like {@code IS::RootPath}, prefixes in S3-compatible buckets
     * ({@code s3://bucket/prefix/}, reached with the {@code IS::S3*} settings), searched in their order.
     */
    private static List<SourceRoot> staticContentRoots(PropertiesFile p, InstallFolder install) {
        String list = p.get("staticContent.rootPaths", p.get("staticContent.rootPath", "./static-content"));
        try {
            return Arrays.stream(list.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(entry -> SourceRoot.parse(entry, install::resolve)).toList();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p.path(), 0, "PS::staticContent.rootPaths: " + e.getMessage());
        }
    }

    /** The local folders among the static-content roots, in their order. */
    public List<Path> staticContentFolders() {
        return staticContentRoots.stream().filter(r -> r instanceof SourceRoot.Folder)
                .map(r -> ((SourceRoot.Folder) r).path()).toList();
    }

    /** Whether a static-content root is in a bucket: the object store is reached only then. */
    public boolean hasBucketStaticContentRoots() {
        return staticContentRoots.stream().anyMatch(r -> r instanceof SourceRoot.Bucket);
    }

    /** The settings file spells this key without the second 'e'; both spellings are honoured. */
    private static boolean allowDefaultCatalogRequests(PropertiesFile p) {
        String key = p.values().containsKey("allowDefaultCatalogRequests")
                ? "allowDefaultCatalogRequests" : "allowDefaultCatalogRequsts";
        return p.getBoolean(key, true);
    }

    private static List<Path> paths(InstallFolder install, String list) {
        return Arrays.stream(list.split(";")).map(String::strip).filter(s -> !s.isEmpty()).map(install::resolve).toList();
    }
}
