package org.imageserving.common.config;

import java.nio.file.Path;

/**
 * The documented {@code install_folder}: relative paths in every setting are relative to it. By default it is the
 * checkout itself; {@code IMAGESERVING_HOME} points a second installation (or a test) at its own folder.
 */
public record InstallFolder(Path root) {
    public InstallFolder {
        root = root.toAbsolutePath().normalize();
    }

    public Path resolve(String setting) {
        String trimmed = setting.strip();
        return trimmed.isEmpty() ? root : root.resolve(trimmed).normalize();
    }

    public Path conf(String fileName) {
        return root.resolve("conf").resolve(fileName);
    }
}
