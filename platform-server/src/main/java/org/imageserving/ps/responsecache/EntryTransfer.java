package org.imageserving.ps.responsecache;

import java.util.Optional;

/**
 * A cache entry as one cluster peer hands it to another: the bytes of its entry file (magic number, metadata, body,
 * CRC-32 over all of it), so the asker gets everything a local hit has (type, ETag, creation and validation times,
 * source version, image properties) and can tell a whole reply from a torn or damaged one before using it.
 */
public final class EntryTransfer {
    /** What a peer asks for in {@code Accept} to get the entry file rather than the bare reply body. */
    public static final String MEDIA_TYPE = "application/x-imageserving-cache-entry";

    private EntryTransfer() {}

    /** The entry file of a stored entry, checked; empty when it has gone (evicted, replaced) or is damaged. */
    public static Optional<byte[]> wireForm(StoredEntry entry) {
        return EntryFile.readWhole(entry);
    }

    /** The entry in a peer's reply; empty unless the bytes are one whole entry of this version's format. */
    public static Optional<CacheEntry> parse(byte[] bytes) {
        return EntryFile.fromBytes(bytes);
    }
}
