package org.imageserving.tools.ic;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * ic's log: {@code -logfile} (stdout by default), {@code -loglevel} (&lt;0 off, 0 files to process, 1 + unneeded files,
 * 2 + progress, 3 + every file encountered, 4 + per-file progress) and {@code -logappend}/{@code -nologappend}.
 * Errors always go to stderr as well, whatever the level.
 */
final class IcLog implements AutoCloseable {
    static final int FILES = 0;
    static final int UNNEEDED = 1;
    static final int PROGRESS = 2;
    static final int EVERY_FILE = 3;
    static final int FILE_PROGRESS = 4;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final PrintStream out;
    private final boolean ownsStream;
    private final PrintStream err;
    private final int level;

    private IcLog(PrintStream out, boolean ownsStream, PrintStream err, int level) {
        this.out = out;
        this.ownsStream = ownsStream;
        this.err = err;
        this.level = level;
    }

    static IcLog open(Path file, boolean append, int level, PrintStream stdout, PrintStream stderr) throws IOException {
        if (file == null) {
            return new IcLog(stdout, false, stderr, level);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        PrintStream stream = new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING), true, StandardCharsets.UTF_8);
        return new IcLog(stream, true, stderr, level);
    }

    boolean enabled(int messageLevel) {
        return level >= messageLevel;
    }

    void log(int messageLevel, String message) {
        if (enabled(messageLevel)) {
            out.println(LocalDateTime.now().format(TIME) + " " + message);
            out.flush();
        }
    }

    void error(String message) {
        err.println("ic: " + message);
        err.flush();
        if (ownsStream && enabled(FILES)) {
            log(FILES, "ERROR " + message);
        }
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    @Override
    public void close() {
        if (ownsStream) {
            out.close();
        }
    }
}
