package org.imageserving.ps.responsecache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Stores one entry of the {@link DiskResponseCache}: writing puts it in a temporary file, completing renames that into
 * place and indexes it, closing without completing deletes it. The temporary file is never indexed, so a write cut
 * short (an error, a client gone, a crash) is never served.
 */
final class DiskEntryWriter implements ResponseCache.EntryWriter {
    private final String hash;
    private final Path file;
    private final LruIndex index;
    private final Retirement retirement;
    private EntryFile.Pending pending;
    private byte[] body;
    private boolean completed;

    DiskEntryWriter(String hash, Path file, LruIndex index, Retirement retirement) {
        this.hash = hash;
        this.file = file;
        this.index = index;
        this.retirement = retirement;
    }

    @Override
    public void write(CacheEntry entry) throws IOException {
        if (pending != null) {
            throw new IllegalStateException("an entry writer writes one entry");
        }
        pending = EntryFile.writeAside(file, entry);
        body = entry.body();
    }

    @Override
    public Optional<StoredEntry> complete() throws IOException {
        if (pending == null || completed) {
            throw new IllegalStateException("nothing written to complete");
        }
        StoredEntry stored = EntryFile.commit(pending);
        completed = true;
        // the entries this one replaced or evicted may be on their way to a client: retired, not deleted
        index.put(hash, new Slot(file, body.length, stored), body).forEach(retirement::retire);
        return Optional.of(stored);
    }

    @Override
    public void close() {
        if (pending != null && !completed) {
            EntryFile.discard(pending);
        }
    }
}
