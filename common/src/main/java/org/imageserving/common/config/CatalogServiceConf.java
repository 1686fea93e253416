package org.imageserving.common.config;

import java.nio.file.Path;
import java.time.Duration;

/** {@code conf/catalog-service.conf}: the {@code CS::} settings of the image catalog service (read by ps only). */
public record CatalogServiceConf(Path rootPath, Path cacheRoot, Duration modificationWaitTime, Duration refreshInterval) {
    public static final String FILE_NAME = "catalog-service.conf";

    public static CatalogServiceConf read(InstallFolder install) {
        PropertiesFile p = PropertiesFile.readIfPresent(install.conf(FILE_NAME));
        return new CatalogServiceConf(
                install.resolve(p.get("catalog.rootPath", "./catalog")),
                install.resolve(p.get("catalog.cacheRoot", "./cache")),
                Duration.ofMillis(p.getLong("catalog.modificationWaitTime", 5000, 0, 3_600_000)),
                Duration.ofMillis(p.getLong("catalog.refreshInterval", 10_000, 100, 86_400_000)));
    }
}
