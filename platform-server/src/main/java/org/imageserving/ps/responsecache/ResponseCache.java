package org.imageserving.ps.responsecache;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The response data cache: rendered replies stored under the hash of their cache key ({@link #hash}), bounded by
 * {@code PS::cache.maxSize} bytes and {@code PS::cache.maxEntries} entries. {@link DiskResponseCache} keeps them in
 * {@code PS::cache.rootPaths}; the Platform Server chooses the implementation in one place.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li><b>open</b>: the implementation's constructor; it may still be finding its earlier entries, and answers
 *       misses for them meanwhile.</li>
 *   <li><b>lookup</b> ({@link #getByHash}): on every request's path, so an implementation takes no more than one short
 *       lock and allocates nothing beyond the result. A damaged entry is dropped and reported as a miss.</li>
 *   <li><b>store</b> through an {@link EntryWriter} ({@link #writer}): {@link EntryWriter#write} puts the whole entry
 *       aside, {@link EntryWriter#complete} makes it the key's entry; a writer closed without completing discards
 *       what it wrote. A half-written entry is never served. {@link #putHashed} does all three.</li>
 *   <li><b>validate</b> ({@link #validatedHashed}): a stale entry found still valid is fresh again from then on.</li>
 *   <li><b>remove</b> ({@link #remove}) one entry, or <b>invalidate</b> ({@link #invalidateAll}) all of them.</li>
 *   <li><b>stats</b>: {@link #size}, {@link #entries}, {@link #heldBytes}, {@link #maxSize}, {@link #maxEntries},
 *       which the metrics and the caching service publish.</li>
 *   <li><b>close</b>, once no request can use the cache any more: what the next start needs is saved.</li>
 * </ol>
 * Implementations are thread-safe. With a limit of 0 the cache is disabled: it stores nothing.
 */
public interface ResponseCache extends AutoCloseable {
    /**
     * Replies up to this size are written to the socket from memory (sendfile costs more for them); a cache may hold
     * such bodies in memory, since reading and checking the entry file was an eighth of a 30 KB hit's CPU time.
     */
    int HELD_BODY_MAX = 48 * 1024;

    /** The hash a cache key is stored under, see {@link CacheKeys#hash}. */
    static String hash(String key) {
        return CacheKeys.hash(key);
    }

    /** Whether {@code text} has the form of a key hash, see {@link CacheKeys#isHash}. */
    static boolean isHash(String text) {
        return CacheKeys.isHash(text);
    }

    /** Storing one entry: write it, then complete it, and close the writer in any case. */
    interface EntryWriter extends AutoCloseable {
        /** Writes the whole entry where no lookup finds it yet. */
        void write(CacheEntry entry) throws IOException;

        /** Makes the entry written the key's; empty when the cache keeps nothing (disabled). */
        Optional<StoredEntry> complete() throws IOException;

        /** Discards the entry unless it was completed. */
        @Override
        void close();
    }

    /** The entry stored under the key hash; empty for a miss and for anything not a hash. */
    Optional<StoredEntry> getByHash(String hash);

    default Optional<StoredEntry> get(String key) {
        return getByHash(hash(key));
    }

    /** A writer for the key hash's entry, which replaces the current one when completed. */
    EntryWriter writer(String hash);

    /** Stores the entry and returns it as stored, or empty when it could not be (disabled, or a write failed). */
    default Optional<StoredEntry> putHashed(String hash, CacheEntry entry) {
        try (EntryWriter writer = writer(hash)) {
            writer.write(entry);
            return writer.complete();
        } catch (IOException e) {
            LoggerFactory.getLogger(ResponseCache.class).error("cannot store cache entry {}: {}", hash, e.getMessage());
            return Optional.empty();
        }
    }

    default Optional<StoredEntry> put(String key, CacheEntry entry) {
        return putHashed(hash(key), entry);
    }

    /** Records that the entry was found still valid at {@code time}; nothing if the entry was replaced since. */
    void validatedHashed(String hash, StoredEntry entry, Instant time);

    default void validated(String key, StoredEntry entry, Instant time) {
        validatedHashed(hash(key), entry, time);
    }

    /** Removes the key hash's entry; returns whether there was one. */
    boolean remove(String hash);

    /** Removes every entry. */
    void invalidateAll();

    /** Bytes of the stored bodies, as {@code PS::cache.maxSize} counts them. */
    long size();

    int entries();

    /** Bytes of bodies held in memory. */
    long heldBytes();

    long maxSize();

    long maxEntries();

    @Override
    void close();
}
