package org.imageserving.common.config;

import java.nio.file.Path;

/** {@code conf/svg.conf}: the {@code SVG::} settings of the SVG render server. */
public record SvgConf(Path file, int renderPort) {
    public static final String FILE_NAME = "svg.conf";

    public static SvgConf read(InstallFolder install) {
        PropertiesFile p = PropertiesFile.readIfPresent(install.conf(FILE_NAME));
        return new SvgConf(p.path(), p.getInt("SVGRender.port", 27346, 1, 65535));
    }
}
