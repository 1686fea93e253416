package org.imageserving.ps.responsecache;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response data cache on disk ({@code PS::cache.rootPaths}). Entries are spread over the roots by key hash and
 * kept least-recently-used within {@code PS::cache.maxSize} bytes and {@code PS::cache.maxEntries} entries.
 *
 * <p>The index keeps each entry's metadata in memory once it has been read (and CRC-checked), so a hit is a hash
 * lookup and the body goes from the file to the socket. Small bodies (at most {@link #HELD_BODY_MAX} bytes), which are
 * written to the socket from memory anyway, are also held in memory within a budget, so that their hits read no file. Every write gets a file name of its own; the file an entry
 * replaces, or an evicted one, is deleted only after {@code retireDelay}, so that a hit already sending it finishes.
 *
 * <p>Lifecycle: the constructor loads the index that an orderly {@link #close()} saved (and removes it, so that a
 * crash later leaves no stale index); without one it scans the entry files in the background, serving misses until
 * done. Entries are written atomically ({@link EntryFile}); a damaged entry is deleted and reported as a miss.
 */
public final class ResponseCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);
    static final String FOLDER = "is-response";
    static final String INDEX = "index";
    static final String CLEAN_MARK = "#clean v2";
    /** Long enough for a hit that found the entry to open its file (Tomcat keeps it open while sending). */
    static final Duration RETIRE_DELAY = Duration.ofSeconds(5);
    /**
     * Bodies up to this size are held in memory: replies this small are written from memory (sendfile costs more for
     * them), and reading and checking the entry file was an eighth of a 30 KB hit's CPU time.
     */
    public static final int HELD_BODY_MAX = 48 * 1024;
    /** The memory budget for held bodies: an eighth of the heap, at most 64 MB (about 2000 thumbnails of 30 KB). */
    static final long DEFAULT_HELD_BUDGET = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

    /** One indexed entry: its file and size, its metadata once read ({@code null} before), its body when held. */
    private static final class Slot {
        final Path file;
        final long size;
        volatile StoredEntry stored;
        /** Guarded by the cache: set and cleared together with {@code heldBytes}. */
        volatile byte[] body;

        Slot(Path file, long size, StoredEntry stored) {
            this.file = file;
            this.size = size;
            this.stored = stored;
        }
    }

    private final List<Path> roots;
    private final long maxSize;
    private final long maxEntries;
    private final Duration retireDelay;
    /** key hash → slot; access order = LRU order. Guarded by {@code this}. */
    private final LinkedHashMap<String, Slot> index = new LinkedHashMap<>(1024, 0.75f, true);
    private long totalSize;
    private final long heldBudget;
    /** Bytes of the bodies held by the slots in the index. Guarded by {@code this}. */
    private long heldBytes;
    private final Thread rebuild;
    private final AtomicLong writes = new AtomicLong();
    private final ScheduledExecutorService retirements = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cache-retire");
        t.setDaemon(true);
        return t;
    });
    private final Set<Path> retiring = ConcurrentHashMap.newKeySet();

    public ResponseCache(List<Path> rootPaths, long maxSize, long maxEntries) throws IOException {
        this(rootPaths, maxSize, maxEntries, RETIRE_DELAY);
    }

    ResponseCache(List<Path> rootPaths, long maxSize, long maxEntries, Duration retireDelay) throws IOException {
        this(rootPaths, maxSize, maxEntries, retireDelay, DEFAULT_HELD_BUDGET);
    }

    ResponseCache(List<Path> rootPaths, long maxSize, long maxEntries, Duration retireDelay, long heldBudget)
            throws IOException {
        this.heldBudget = heldBudget;
        this.roots = rootPaths.stream().map(p -> p.resolve(FOLDER)).toList();
        this.maxSize = maxSize;
        this.maxEntries = maxEntries;
        this.retireDelay = retireDelay;
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
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /** One digest per thread: looking the algorithm up again for every request showed in profiles of cache hits. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    public Optional<StoredEntry> get(String key) {
        return getByHash(hash(key));
    }

    /** Whether {@code text} has the form of a key hash: 64 lower-case hex digits (so it can never name another file). */
    public static boolean isHash(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = text.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The entry whose key hashes to {@code hash} (the caching service's lookup), empty for anything not a hash. */
    public Optional<StoredEntry> getByHash(String hash) {
        if (!isHash(hash)) {
            return Optional.empty();
        }
        Slot slot;
        synchronized (this) {
            slot = index.get(hash);
            if (slot == null) {
                return Optional.empty();
            }
        }
        StoredEntry known = slot.stored;
        if (known != null) {
            // the bytes go out by sendfile unread: a file truncated or deleted behind our back must not be sent (nor,
            // for consistency, a held copy of it)
            if (fileLength(known.file()) == EntryFile.length(known)) {
                byte[] held = slot.body;
                if (held == null && known.bodyLength() <= HELD_BODY_MAX) {
                    Optional<byte[]> body = EntryFile.readBodyIfIntact(known);
                    if (body.isEmpty()) {
                        LOG.warn("cache entry {} is damaged; it is removed and rendered again", slot.file);
                        remove(hash, slot);
                        return Optional.empty();
                    }
                    held = hold(hash, slot, body.get());
                    return Optional.of(known.withHeldBody(body.get()));
                }
                return Optional.of(held == null ? known : known.withHeldBody(held));
            }
            LOG.warn("cache entry {} is missing or damaged; it is removed and rendered again", slot.file);
            remove(hash, slot);
            return Optional.empty();
        }
        // first use since the index was loaded: read and check the whole file once
        Optional<StoredEntry> entry = EntryFile.read(slot.file, HELD_BODY_MAX);
        if (entry.isEmpty()) {
            LOG.warn("cache entry {} is missing or damaged; it is removed and rendered again", slot.file);
            remove(hash, slot);
            return entry;
        }
        synchronized (this) {
            if (index.get(hash) == slot && slot.stored == null) {
                slot.stored = entry.get().withHeldBody(null);
                if (entry.get().heldBody() != null) {
                    hold(hash, slot, entry.get().heldBody());
                }
            }
        }
        return entry;
    }

    /**
     * Holds a small body in its slot when the budget allows; returns the body to serve from memory, or null to read it
     * from the file (the slot was replaced meanwhile, or the budget is spent).
     */
    private synchronized byte[] hold(String hash, Slot slot, byte[] body) {
        if (slot.body != null) {
            return slot.body;
        }
        if (index.get(hash) != slot || body.length > HELD_BODY_MAX || heldBytes + body.length > heldBudget) {
            return null;
        }
        slot.body = body;
        heldBytes += body.length;
        return body;
    }

    /** Called under the lock whenever a slot leaves the index. */
    private void released(Slot slot) {
        totalSize -= slot.size;
        if (slot.body != null) {
            heldBytes -= slot.body.length;
            slot.body = null;
        }
    }

    /** Stores the entry (when the cache is enabled) and returns it as stored, or empty when it could not be. */
    public Optional<StoredEntry> put(String key, CacheEntry entry) {
        return putHashed(hash(key), entry);
    }

    /** As {@link #put}, for a key already hashed. */
    public Optional<StoredEntry> putHashed(String hash, CacheEntry entry) {
        if (maxSize <= 0 || maxEntries <= 0 || !isHash(hash)) {
            return Optional.empty();
        }
        Path file = newFile(hash);
        StoredEntry stored;
        try {
            stored = EntryFile.write(file, entry);
        } catch (IOException e) {
            LOG.error("cannot write cache entry {}: {}", file, e.getMessage());
            return Optional.empty();
        }
        long size = entry.body().length;
        List<Path> retired = new ArrayList<>();
        synchronized (this) {
            Slot slot = new Slot(file, size, stored);
            Slot previous = index.put(hash, slot);
            if (previous != null) {
                released(previous);
                retired.add(previous.file);
            }
            totalSize += size;
            hold(hash, slot, entry.body());
            Iterator<Map.Entry<String, Slot>> eldest = index.entrySet().iterator();
            while ((totalSize > maxSize || index.size() > maxEntries) && eldest.hasNext()) {
                Map.Entry<String, Slot> e = eldest.next();
                if (e.getKey().equals(hash) && index.size() == 1) {
                    break; // a single entry larger than maxSize still serves until the next one
                }
                released(e.getValue());
                retired.add(e.getValue().file);
                eldest.remove();
            }
        }
        retired.forEach(this::retire);
        return Optional.of(stored);
    }

    /** Records that the entry was found still valid at {@code time}; kept in memory only (a restart checks again). */
    public void validated(String key, StoredEntry entry, Instant time) {
        validatedHashed(hash(key), entry, time);
    }

    /** As {@link #validated}, for a key already hashed. */
    public void validatedHashed(String hash, StoredEntry entry, Instant time) {
        synchronized (this) {
            Slot slot = index.get(hash);
            if (slot != null && slot.file.equals(entry.file())) {
                slot.stored = entry.validatedAt(time);
            }
        }
    }

    public synchronized long size() {
        return totalSize;
    }

    /** Bytes of the small bodies held in memory. */
    public synchronized long heldBytes() {
        return heldBytes;
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

    /** The file holding the entry of a key hash, if indexed. */
    synchronized Optional<Path> file(String hash) {
        Slot slot = index.get(hash);
        return Optional.ofNullable(slot == null ? null : slot.file);
    }

    private void remove(String hash, Slot slot) {
        synchronized (this) {
            if (!index.remove(hash, slot)) {
                return;
            }
            released(slot);
        }
        deleteQuietly(slot.file);
    }

    /** A file name no earlier write used: a reply being sent from the old file is never cut short by a rewrite. */
    private Path newFile(String hash) {
        Path root = roots.get(Math.floorMod(hash.hashCode(), roots.size()));
        String unique = Long.toString(System.currentTimeMillis(), 36) + Long.toString(writes.incrementAndGet(), 36);
        return root.resolve(hash.substring(0, 2)).resolve(hash + "." + unique + EntryFile.SUFFIX);
    }

    private void retire(Path file) {
        if (retireDelay.isZero()) {
            deleteQuietly(file);
            return;
        }
        retiring.add(file);
        try {
            retirements.schedule(() -> {
                if (retiring.remove(file)) {
                    deleteQuietly(file);
                }
            }, retireDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            retiring.remove(file);
            deleteQuietly(file);
        }
    }

    private static long fileLength(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String hashOf(String fileName) {
        int dot = fileName.indexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private boolean loadIndex() throws IOException {
        Path indexFile = roots.get(0).resolve(INDEX);
        if (!Files.exists(indexFile)) {
            return false;
        }
        List<String> lines = Files.readAllLines(indexFile, StandardCharsets.UTF_8);
        Files.delete(indexFile); // from now on a crash must lead to a rebuild, not to this outdated index
        if (lines.isEmpty() || !lines.get(lines.size() - 1).equals(CLEAN_MARK)) {
            LOG.warn("cache index {} is incomplete or from an older version; rebuilding it from the entries", indexFile);
            return false;
        }
        synchronized (this) {
            for (String line : lines.subList(0, lines.size() - 1)) {
                String[] fields = line.split("\t");
                Path file = fields.length == 3 ? Path.of(fields[2]) : null;
                if (file != null && roots.stream().anyMatch(file::startsWith)) { // a root may have been removed
                    long size = Long.parseLong(fields[1]);
                    index.put(fields[0], new Slot(file, size, null));
                    totalSize += size;
                }
            }
        }
        LOG.info("cache index loaded: {} entries, {} bytes", index.size(), totalSize);
        return true;
    }

    /**
     * After a crash: every complete entry file is indexed (oldest first; of two files for one key, the newer),
     * leftovers of interrupted writes and damaged or replaced entries deleted.
     */
    private void rebuildIndex() {
        Map<String, StoredEntry> found = new HashMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = file.getFileName().toString();
                    if (EntryFile.isLeftover(name)) {
                        deleteQuietly(file);
                    } else if (name.endsWith(EntryFile.SUFFIX)) {
                        Optional<StoredEntry> entry = EntryFile.read(file);
                        if (entry.isEmpty()) {
                            LOG.warn("damaged cache entry {} deleted during the index rebuild", file);
                            deleteQuietly(file);
                            continue;
                        }
                        StoredEntry other = found.get(hashOf(name));
                        StoredEntry newer = other == null || entry.get().created().isAfter(other.created())
                                ? entry.get() : other;
                        if (other != null) {
                            deleteQuietly(newer == other ? file : other.file());
                        }
                        found.put(hashOf(name), newer);
                    }
                }
            } catch (IOException e) {
                LOG.error("cache index rebuild: cannot scan {}: {}", root, e.getMessage());
            }
        }
        List<Map.Entry<String, StoredEntry>> oldestFirst = new ArrayList<>(found.entrySet());
        oldestFirst.sort(Comparator.comparing(e -> e.getValue().created()));
        synchronized (this) {
            LinkedHashMap<String, Slot> newer = new LinkedHashMap<>(index);
            index.values().forEach(this::released);
            index.clear();
            totalSize = 0;
            for (Map.Entry<String, StoredEntry> f : oldestFirst) {
                StoredEntry e = f.getValue();
                index.put(f.getKey(), new Slot(e.file(), e.bodyLength(), e));
                totalSize += e.bodyLength();
            }
            newer.forEach((hash, slot) -> {
                Slot previous = index.put(hash, slot);
                if (previous != null) {
                    released(previous);
                    if (!previous.file.equals(slot.file)) {
                        deleteQuietly(previous.file);
                    }
                }
                totalSize += slot.size;
            });
        }
        LOG.info("cache index rebuilt from the entry files: {} entries, {} bytes", entries(), size());
    }

    /** False while the entry files are being scanned after a start without a saved index. */
    boolean indexComplete() {
        return rebuild == null || !rebuild.isAlive();
    }

    /** Saves the index with its clean-shutdown mark, so the next start needs no scan. */
    @Override
    public void close() {
        retirements.shutdownNow();
        retiring.forEach(ResponseCache::deleteQuietly);
        retiring.clear();
        if (rebuild != null && rebuild.isAlive()) {
            return; // an incomplete index must not be saved as clean; the next start scans again
        }
        Path indexFile = roots.get(0).resolve(INDEX);
        Path temp = indexFile.resolveSibling(INDEX + EntryFile.TEMP_SUFFIX);
        try {
            synchronized (this) {
                try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    for (Map.Entry<String, Slot> e : index.entrySet()) {
                        out.write(e.getKey() + "\t" + e.getValue().size + "\t" + e.getValue().file + "\n");
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
