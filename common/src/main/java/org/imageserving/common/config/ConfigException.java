package org.imageserving.common.config;

import java.nio.file.Path;

/** A configuration file that cannot be used, with the file and line an administrator has to look at. */
public class ConfigException extends RuntimeException {
    private final Path file;
    private final int line;

    public ConfigException(Path file, int line, String message) {
        super(locate(file, line) + ": " + message);
        this.file = file;
        this.line = line;
    }

    public ConfigException(String message) {
        super(message);
        this.file = null;
        this.line = 0;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is not tied to one line. */
    public int line() {
        return line;
    }

    private static String locate(Path file, int line) {
        return line > 0 ? file + ":" + line : String.valueOf(file);
    }
}
