package org.imageserving.ps.responsecache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where entries lie in {@code PS::cache.rootPaths}: spread over the roots by key hash, in folders named after the hash's
 * first two digits (so no folder grows too large), each write under a file name of its own.
 */
final class CacheLayout {
    static final String FOLDER = "is-response";
    static final String SNAPSHOT = "index";

    private final List<Path> roots;
    private final Clock clock;
    private final AtomicLong writes = new AtomicLong();

    CacheLayout(List<Path> rootPaths, Clock clock) {
        this.roots = rootPaths.stream().map(p -> p.resolve(FOLDER)).toList();
        this.clock = clock;
    }

    void createRoots() throws IOException {
        for (Path root : roots) {
            Files.createDirectories(root);
        }
    }

    List<Path> roots() {
        return roots;
    }

    /** The index snapshot lives in the first root: it covers all of them. */
    Path snapshotFile() {
        return roots.get(0).resolve(SNAPSHOT);
    }

    /**
     * A file name no earlier write used (the time tells processes apart, the counter writes within one): a reply being
     * sent from the old file is never cut short by a rewrite of its key.
     */
    Path newFile(String hash) {
        Path root = roots.get(Math.floorMod(hash.hashCode(), roots.size()));
        String unique = Long.toString(clock.millis(), 36) + Long.toString(writes.incrementAndGet(), 36);
        return root.resolve(hash.substring(0, 2)).resolve(hash + "." + unique + EntryFile.SUFFIX);
    }

    /** Whether the file lies in one of the current roots (a root may have been removed from the settings). */
    boolean contains(Path file) {
        return roots.stream().anyMatch(file::startsWith);
    }

    /** The key hash an entry file name starts with. */
    static String hashOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
