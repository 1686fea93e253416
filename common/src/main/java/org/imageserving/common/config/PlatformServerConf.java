package org.imageserving.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

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
        List<Path> staticContentRootPaths) {

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

    /** Static content is read from folders only: a bucket here is refused rather than taken for a folder name. */
    private static List<Path> staticContentRoots(PropertiesFile p, InstallFolder install) {
        String list = p.get("staticContent.rootPaths", p.get("staticContent.rootPath", "./static-content"));
        if (Arrays.stream(list.split(";")).anyMatch(org.imageserving.common.imaging.source.s3.BucketRoot::isBucketUrl)) {
            throw new ConfigException(p.path(), 0, "PS::staticContent.rootPaths: buckets (s3://) are not supported"
                    + " for static content yet, only for images (IS::RootPath); list local folders");
        }
        return paths(install, list);
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
