package org.imageserving.common.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code conf/svg.conf}: the {@code SVG::} settings of the SVG render server. {@code SVGRender.timeout} (ms) is ours:
 * the longest one rasterization may take before it is abandoned with an error.
 */
public record SvgConf(Path file, int renderPort, Duration renderTimeout) {
    public static final String FILE_NAME = "svg.conf";

    public static SvgConf read(InstallFolder install) {
        PropertiesFile p = PropertiesFile.readIfPresent(install.conf(FILE_NAME));
        return new SvgConf(p.path(), p.getInt("SVGRender.port", 27346, 1, 65535),
                Duration.ofMillis(p.getLong("SVGRender.timeout", 10_000, 100, 600_000)));
    }
}
