package org.imageserving.ps.responsecache;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response cache on disk ({@code PS::cache.rootPaths}), composed of its parts: where files go
 * ({@link CacheLayout}), the entry file format ({@link EntryFile}), the LRU index ({@link LruIndex}) with the small
 * bodies it holds in memory ({@link HeldBodies}), delayed deletion ({@link Retirement}), the index saved at shutdown
 * ({@link IndexSnapshot}) and the scan that replaces it after a crash ({@link EntryScan}).
 *
 * <p>The index keeps each entry's metadata in memory once it has been read (and CRC-checked), so a hit is a hash lookup
 * and the body goes from the file to the socket, or from memory when held. Every write gets a file name of its own;
 * the file an entry replaces, or an evicted one, is retired rather than deleted, so that a hit already sending it
 * finishes.
 *
 * <p>Opening loads the snapshot an orderly {@link #close()} saved (removing it, so that a crash later leaves no stale
 * one); without one it scans the entry files in the background, serving misses until done.
 */
public final class DiskResponseCache implements ResponseCache {
    private static final Logger LOG = LoggerFactory.getLogger(DiskResponseCache.class);

    private final CacheLayout layout;
    private final LruIndex index;
    private final Retirement retirement;
    private final IndexSnapshot snapshot;
    /** True while the entry files are being scanned: an index saved then would lack what the scan has not reached. */
    private volatile boolean scanning;
    /** False from a failed store until the next one succeeds: a full disk is logged when it fills and when it has room. */
    private final AtomicBoolean storing = new AtomicBoolean(true);

    public DiskResponseCache(List<Path> rootPaths, long maxSize, long maxEntries) throws IOException {
        this(rootPaths, maxSize, maxEntries, Retirement.DEFAULT_DELAY);
    }

    DiskResponseCache(List<Path> rootPaths, long maxSize, long maxEntries, Duration retireDelay) throws IOException {
        this(rootPaths, maxSize, maxEntries, retireDelay, HeldBodies.DEFAULT_BUDGET);
    }

    DiskResponseCache(List<Path> rootPaths, long maxSize, long maxEntries, Duration retireDelay, long heldBudget)
            throws IOException {
        this(new CacheLayout(rootPaths, Clock.systemUTC()),
                new LruIndex(maxSize, maxEntries, new HeldBodies(heldBudget, HELD_BODY_MAX)),
                new Retirement(retireDelay, Scheduler.daemonThread("cache-retire")),
                DiskResponseCache::inDaemonThread);
    }

    /** @param background runs the scan that rebuilds the index when no snapshot was saved */
    DiskResponseCache(CacheLayout layout, LruIndex index, Retirement retirement, Executor background)
            throws IOException {
        this.layout = layout;
        this.index = index;
        this.retirement = retirement;
        this.snapshot = new IndexSnapshot(layout.snapshotFile());
        layout.createRoots();
        Optional<List<IndexSnapshot.Line>> saved = snapshot.load();
        if (saved.isPresent()) {
            index.restore(saved.get().stream().filter(line -> layout.contains(line.file())).toList());
            LOG.info("cache index loaded: {} entries, {} bytes", index.entries(), index.size());
        } else {
            scanning = true;
            background.execute(this::rebuild);
        }
    }

    private static void inDaemonThread(Runnable task) {
        Thread thread = new Thread(task, "cache-index-rebuild");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Optional<StoredEntry> getByHash(String hash) {
        if (!CacheKeys.isHash(hash)) {
            return Optional.empty();
        }
        Slot slot = index.get(hash);
        if (slot == null) {
            return Optional.empty();
        }
        StoredEntry known = slot.stored;
        if (known == null) {
            return firstRead(hash, slot);
        }
        // the bytes go out by sendfile unread: a file truncated or deleted behind our back must not be sent (nor, for
        // consistency, a held copy of it)
        if (CacheFiles.length(known.file()) != EntryFile.length(known)) {
            return damaged(hash, slot);
        }
        byte[] held = slot.body;
        if (held == null && known.bodyLength() <= HELD_BODY_MAX) {
            Optional<byte[]> body = EntryFile.readBodyIfIntact(known);
            if (body.isEmpty()) {
                return damaged(hash, slot);
            }
            index.hold(hash, slot, body.get());
            return Optional.of(known.withHeldBody(body.get()));
        }
        return Optional.of(held == null ? known : known.withHeldBody(held));
    }

    /** The first use of a slot loaded from the snapshot: the whole file is read and checked once. */
    private Optional<StoredEntry> firstRead(String hash, Slot slot) {
        Optional<StoredEntry> entry = EntryFile.read(slot.file, HELD_BODY_MAX);
        if (entry.isEmpty()) {
            return damaged(hash, slot);
        }
        index.firstRead(hash, slot, entry.get());
        return entry;
    }

    private Optional<StoredEntry> damaged(String hash, Slot slot) {
        LOG.warn("cache entry {} is missing or damaged; it is removed and rendered again", slot.file);
        if (index.remove(hash, slot)) {
            CacheFiles.deleteQuietly(slot.file);
        }
        return Optional.empty();
    }

    @Override
    public EntryWriter writer(String hash) {
        if (index.maxSize() <= 0 || index.maxEntries() <= 0 || !CacheKeys.isHash(hash)) {
            return DISCARDING;
        }
        return new DiskEntryWriter(hash, layout.newFile(hash), index, retirement);
    }

    /**
     * Stores like the interface's default, but a disk that refuses writes (full, read-only, gone) is logged once when
     * it starts and once when it ends rather than for every reply: meanwhile replies are served uncached, and what a
     * failed write left in its temporary file was already deleted.
     */
    @Override
    public Optional<StoredEntry> putHashed(String hash, CacheEntry entry) {
        try (EntryWriter writer = writer(hash)) {
            writer.write(entry);
            Optional<StoredEntry> stored = writer.complete();
            if (stored.isPresent() && storing.compareAndSet(false, true)) {
                LOG.info("response cache: entries are stored again");
            }
            return stored;
        } catch (IOException e) {
            if (storing.compareAndSet(true, false)) {
                LOG.error("response cache: cannot store entries ({}); replies are served uncached until a write "
                        + "succeeds again", e.getMessage());
            } else {
                LOG.debug("response cache: cannot store entry {}: {}", hash, e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** The writer of a disabled cache, or of something that is no key hash: it keeps nothing. */
    private static final EntryWriter DISCARDING = new EntryWriter() {
        @Override
        public void write(CacheEntry entry) {}

        @Override
        public Optional<StoredEntry> complete() {
            return Optional.empty();
        }

        @Override
        public void close() {}
    };

    @Override
    public void validatedHashed(String hash, StoredEntry entry, Instant time) {
        index.validated(hash, entry, time);
    }

    @Override
    public boolean remove(String hash) {
        if (!CacheKeys.isHash(hash)) {
            return false;
        }
        Optional<Path> file = index.remove(hash);
        file.ifPresent(retirement::retire);
        return file.isPresent();
    }

    @Override
    public void invalidateAll() {
        index.clear().forEach(retirement::retire);
    }

    @Override
    public long size() {
        return index.size();
    }

    @Override
    public int entries() {
        return index.entries();
    }

    @Override
    public long heldBytes() {
        return index.heldBytes();
    }

    @Override
    public long maxSize() {
        return index.maxSize();
    }

    @Override
    public long maxEntries() {
        return index.maxEntries();
    }

    /** The file holding the entry of a key hash, if indexed. */
    Optional<Path> file(String hash) {
        return index.file(hash);
    }

    /** False while the entry files are being scanned after a start without a saved index. */
    boolean indexComplete() {
        return !scanning;
    }

    /**
     * After a crash: every complete entry file is indexed (oldest first; of two files for one key, the newer),
     * leftovers of interrupted writes and damaged or replaced entries deleted.
     */
    private void rebuild() {
        try {
            index.adoptScanned(EntryScan.scan(layout.roots())).forEach(CacheFiles::deleteQuietly);
            LOG.info("cache index rebuilt from the entry files: {} entries, {} bytes", index.entries(), index.size());
        } finally {
            scanning = false;
        }
    }

    /** Saves the index, so the next start needs no scan. */
    @Override
    public void close() {
        retirement.close();
        if (scanning) {
            return; // an incomplete index must not be saved as complete; the next start scans again
        }
        try {
            snapshot.save(index.lines());
            LOG.info("cache index saved: {} entries", index.entries());
        } catch (IOException e) {
            LOG.error("cannot save the cache index {}: {}", layout.snapshotFile(), e.getMessage());
        }
    }
}
