package org.imageserving.ps.responsecache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What rebuilds the index after a crash, when no snapshot was saved: every complete entry file, CRC-checked. It
 * deletes on the way what can never be served: temporary files of interrupted writes (another process's: this
 * process's may be writes in progress), damaged entries, and of two files for one key the older.
 */
final class EntryScan {
    private static final Logger LOG = LoggerFactory.getLogger(EntryScan.class);

    record Found(String hash, StoredEntry entry) {}

    private EntryScan() {}

    /** The entries found, oldest first (the order a rebuilt index takes them in, least recently used first). */
    static List<Found> scan(List<Path> roots) {
        Map<String, StoredEntry> found = new HashMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    consider(file, found);
                }
            } catch (IOException e) {
                LOG.error("cache index rebuild: cannot scan {}: {}", root, e.getMessage());
            }
        }
        List<Found> oldestFirst = new ArrayList<>(found.size());
        found.forEach((hash, entry) -> oldestFirst.add(new Found(hash, entry)));
        oldestFirst.sort(Comparator.comparing(f -> f.entry().created()));
        return oldestFirst;
    }

    private static void consider(Path file, Map<String, StoredEntry> found) {
        String name = file.getFileName().toString();
        if (EntryFile.isLeftover(name)) {
            CacheFiles.deleteQuietly(file);
            return;
        }
        if (!name.endsWith(EntryFile.SUFFIX)) {
            return;
        }
        Optional<StoredEntry> entry = EntryFile.read(file);
        if (entry.isEmpty()) {
            LOG.warn("damaged cache entry {} deleted during the index rebuild", file);
            CacheFiles.deleteQuietly(file);
            return;
        }
        String hash = CacheLayout.hashOf(name);
        StoredEntry other = found.get(hash);
        StoredEntry newer = other == null || entry.get().created().isAfter(other.created()) ? entry.get() : other;
        if (other != null) {
            CacheFiles.deleteQuietly(newer == other ? file : other.file());
        }
        found.put(hash, newer);
    }
}
