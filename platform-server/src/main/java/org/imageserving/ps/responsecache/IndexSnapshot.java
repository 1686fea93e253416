package org.imageserving.ps.responsecache;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index as an orderly shutdown leaves it, so that the next start needs no scan of the entry files: one line per
 * entry, {@code hash TAB size TAB file}, least recently used first, then a mark that the list is complete.
 *
 * <p>Loading removes the file: from then on a crash must lead to a scan, not to this outdated list.
 */
final class IndexSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(IndexSnapshot.class);
    /** Written last: a snapshot without it was cut short, or is from a version whose entry files differ. */
    static final String CLEAN_MARK = "#clean v2";

    record Line(String hash, long size, Path file) {}

    private final Path file;

    IndexSnapshot(Path file) {
        this.file = file;
    }

    /** The saved entries, or empty when there is no snapshot or it cannot be trusted (the caller scans instead). */
    Optional<List<Line>> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
        Files.delete(file);
        if (text.isEmpty() || !text.get(text.size() - 1).equals(CLEAN_MARK)) {
            LOG.warn("cache index {} is incomplete or from an older version; rebuilding it from the entries", file);
            return Optional.empty();
        }
        List<Line> lines = new ArrayList<>(text.size() - 1);
        for (String line : text.subList(0, text.size() - 1)) {
            Optional<Line> parsed = parse(line);
            if (parsed.isEmpty()) {
                LOG.warn("cache index {} is damaged; rebuilding it from the entries", file);
                return Optional.empty();
            }
            lines.add(parsed.get());
        }
        return Optional.of(lines);
    }

    private static Optional<Line> parse(String line) {
        String[] fields = line.split("\t", 3);
        if (fields.length != 3 || !CacheKeys.isHash(fields[0])) {
            return Optional.empty();
        }
        try {
            long size = Long.parseLong(fields[1]);
            return size < 0 ? Optional.empty() : Optional.of(new Line(fields[0], size, Path.of(fields[2])));
        } catch (RuntimeException e) { // a bad number or path
            return Optional.empty();
        }
    }

    /** Writes the snapshot beside its place and renames it there, so that a crash meanwhile leaves none. */
    void save(List<Line> lines) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + EntryFile.TEMP_SUFFIX);
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (Line line : lines) {
                out.write(line.hash() + "\t" + line.size() + "\t" + line.file() + "\n");
            }
            out.write(CLEAN_MARK + "\n");
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
