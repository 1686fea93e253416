package org.imageserving.ps.responsecache;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response data cache on disk ({@code PS::cache.rootPaths}). Entries are spread over the roots by key hash and
 * kept least-recently-used within {@code PS::cache.maxSize} bytes and {@code PS::cache.maxEntries} entries.
 *
 * <p>Lifecycle: the constructor loads the index that an orderly {@link #close()} saved (and removes it, so that a
 * crash later leaves no stale index); without one it scans the entry files in the background, serving misses until
 * done. Entries are written atomically ({@link EntryFile}); a damaged entry is deleted and reported as a miss.
 */
public final class ResponseCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    static final String FOLDER = "is-response";
    static final String INDEX = "index";
    static final String CLEAN_MARK = "#clean";

    private final List<Path> roots;
    private final long maxSize;
    private final long maxEntries;
    /** key hash → entry size; access order = LRU order. Guarded by {@code this}. */
    private final LinkedHashMap<String, Long> index = new LinkedHashMap<>(1024, 0.75f, true);
    private long totalSize;
    private final Thread rebuild;

    public ResponseCache(List<Path> rootPaths, long maxSize, long maxEntries) throws IOException {
        this.roots = rootPaths.stream().map(p -> p.resolve(FOLDER)).toList();
        this.maxSize = maxSize;
        this.maxEntries = maxEntries;
        for (Path root : roots) {
            Files.createDirectories(root);
        }
        if (loadIndex()) {
            rebuild = null;
        } else {
            rebuild = new Thread(this::rebuildIndex, "cache-index-rebuild");
            rebuild.setDaemon(true);
            rebuild.start();
        }
    }

    /** The file name of a key: its SHA-256, which is also what the access log shows. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<CacheEntry> get(String key) {
        return getByHash(hash(key));
    }

    /** Whether {@code text} has the form of a key hash: 64 lower-case hex digits (so it can never name another file). */
    public static boolean isHash(String text) {
        return text.length() == 64 && text.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** The entry whose key hashes to {@code hash} (the caching service's lookup), empty for anything not a hash. */
    public Optional<CacheEntry> getByHash(String hash) {
        if (!isHash(hash)) {
            return Optional.empty();
        }
        synchronized (this) {
            if (index.get(hash) == null) {
                return Optional.empty();
            }
        }
        Path file = file(hash);
        Optional<CacheEntry> entry = EntryFile.read(file);
        if (entry.isEmpty()) {
            LOG.warn("cache entry {} is missing or damaged; it is removed and rendered again", file);
            remove(hash);
        }
        return entry;
    }

    public void put(String key, CacheEntry entry) {
        if (maxSize <= 0 || maxEntries <= 0) {
            return;
        }
        String hash = hash(key);
        try {
            EntryFile.write(file(hash), entry);
        } catch (IOException e) {
            LOG.error("cannot write cache entry {}: {}", file(hash), e.getMessage());
            return;
        }
        long size = entry.body().length;
        List<String> evicted = new ArrayList<>();
        synchronized (this) {
            Long previous = index.put(hash, size);
            totalSize += size - (previous == null ? 0 : previous);
            Iterator<Map.Entry<String, Long>> eldest = index.entrySet().iterator();
            while ((totalSize > maxSize || index.size() > maxEntries) && eldest.hasNext()) {
                Map.Entry<String, Long> e = eldest.next();
                if (e.getKey().equals(hash) && index.size() == 1) {
                    break; // a single entry larger than maxSize still serves until the next one
                }
                totalSize -= e.getValue();
                evicted.add(e.getKey());
                eldest.remove();
            }
        }
        for (String old : evicted) {
            deleteQuietly(file(old));
        }
    }

    public synchronized long size() {
        return totalSize;
    }

    public synchronized int entries() {
        return index.size();
    }

    public long maxSize() {
        return maxSize;
    }

    public long maxEntries() {
        return maxEntries;
    }

    private void remove(String hash) {
        synchronized (this) {
            Long size = index.remove(hash);
            if (size != null) {
                totalSize -= size;
            }
        }
        deleteQuietly(file(hash));
    }

    Path file(String hash) {
        Path root = roots.get(Math.floorMod(hash.hashCode(), roots.size()));
        return root.resolve(hash.substring(0, 2)).resolve(hash + EntryFile.SUFFIX);
    }

    private boolean loadIndex() throws IOException {
        Path indexFile = roots.get(0).resolve(INDEX);
        if (!Files.exists(indexFile)) {
            return false;
        }
        List<String> lines = Files.readAllLines(indexFile, StandardCharsets.UTF_8);
        Files.delete(indexFile); // from now on a crash must lead to a rebuild, not to this outdated index
        if (lines.isEmpty() || !lines.get(lines.size() - 1).equals(CLEAN_MARK)) {
            LOG.warn("cache index {} is incomplete; rebuilding it from the entries", indexFile);
            return false;
        }
        synchronized (this) {
            for (String line : lines.subList(0, lines.size() - 1)) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    long size = Long.parseLong(line.substring(tab + 1));
                    index.put(line.substring(0, tab), size);
                    totalSize += size;
                }
            }
        }
        LOG.info("cache index loaded: {} entries, {} bytes", index.size(), totalSize);
        return true;
    }

    /** After a crash: every complete entry file is indexed (oldest first), leftovers of interrupted writes deleted. */
    private void rebuildIndex() {
        record Found(String hash, long size, long modified) {}
        List<Found> found = new ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (EntryFile.isLeftover(name)) {
                        deleteQuietly(file);
                    } else if (name.endsWith(EntryFile.SUFFIX)) {
                        Optional<CacheEntry> entry = EntryFile.read(file);
                        if (entry.isEmpty()) {
                            LOG.warn("damaged cache entry {} deleted during the index rebuild", file);
                            deleteQuietly(file);
                        } else {
                            found.add(new Found(name.substring(0, name.length() - EntryFile.SUFFIX.length()),
                                    entry.get().body().length, Files.getLastModifiedTime(file).toMillis()));
                        }
                    }
                }
            } catch (IOException e) {
                LOG.error("cache index rebuild: cannot scan {}: {}", root, e.getMessage());
            }
        }
        found.sort(java.util.Comparator.comparingLong(Found::modified));
        synchronized (this) {
            LinkedHashMap<String, Long> newer = new LinkedHashMap<>(index);
            index.clear();
            totalSize = 0;
            for (Found f : found) {
                index.put(f.hash(), f.size());
                totalSize += f.size();
            }
            newer.forEach((hash, size) -> {
                Long previous = index.put(hash, size);
                totalSize += size - (previous == null ? 0 : previous);
            });
        }
        LOG.info("cache index rebuilt from the entry files: {} entries, {} bytes", entries(), size());
    }

    /** Saves the index with its clean-shutdown mark, so the next start needs no scan. */
    @Override
    public void close() {
        if (rebuild != null && rebuild.isAlive()) {
            return; // an incomplete index must not be saved as clean; the next start scans again
        }
        Path indexFile = roots.get(0).resolve(INDEX);
        Path temp = indexFile.resolveSibling(INDEX + EntryFile.TEMP_SUFFIX);
        try {
            synchronized (this) {
                try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    for (Map.Entry<String, Long> e : index.entrySet()) {
                        out.write(e.getKey() + "\t" + e.getValue() + "\n");
                    }
                    out.write(CLEAN_MARK + "\n");
                }
            }
            Files.move(temp, indexFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("cache index saved: {} entries", entries());
        } catch (IOException e) {
            LOG.error("cannot save the cache index {}: {}", indexFile, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", file, e.getMessage());
        }
    }
}
