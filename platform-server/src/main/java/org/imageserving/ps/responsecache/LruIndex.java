package org.imageserving.ps.responsecache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Key hash → {@link Slot}, least recently used first, within {@code PS::cache.maxSize} bytes of bodies and
 * {@code PS::cache.maxEntries} entries. Methods that take a slot act only while that very slot is indexed: a hit that
 * found a slot may come back after the key was rewritten, and must not touch the newer entry.
 *
 * <p>Thread-safe; a hit takes its lock once ({@link #get}), for as short as a map lookup.
 */
final class LruIndex {
    /** Access order: a lookup moves the entry to the young end. Guarded by {@code this}. */
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(1024, 0.75f, true);
    private final HeldBodies held;
    private final long maxSize;
    private final long maxEntries;
    private long totalSize;

    LruIndex(long maxSize, long maxEntries, HeldBodies held) {
        this.maxSize = maxSize;
        this.maxEntries = maxEntries;
        this.held = held;
    }

    /** The slot of a key hash, now the most recently used; null when not indexed. */
    synchronized Slot get(String hash) {
        return slots.get(hash);
    }

    synchronized Optional<Path> file(String hash) {
        Slot slot = slots.get(hash);
        return Optional.ofNullable(slot == null ? null : slot.file);
    }

    /**
     * Indexes the slot (holding its body when the budget allows) and evicts the least recently used entries beyond
     * the limits; returns the files no longer indexed, the replaced one included, for the caller to retire.
     */
    synchronized List<Path> put(String hash, Slot slot, byte[] body) {
        List<Path> gone = new ArrayList<>();
        Slot previous = slots.put(hash, slot);
        if (previous != null) {
            release(previous);
            gone.add(previous.file);
        }
        totalSize += slot.size;
        held.tryHold(slot, body);
        Iterator<Map.Entry<String, Slot>> eldest = slots.entrySet().iterator();
        while ((totalSize > maxSize || slots.size() > maxEntries) && eldest.hasNext()) {
            Map.Entry<String, Slot> e = eldest.next();
            if (e.getKey().equals(hash) && slots.size() == 1) {
                break; // a single entry larger than maxSize still serves until the next one
            }
            release(e.getValue());
            gone.add(e.getValue().file);
            eldest.remove();
        }
        return gone;
    }

    /** Holds a body read at a hit; returns the body to serve from memory, or null to serve it from the file. */
    synchronized byte[] hold(String hash, Slot slot, byte[] body) {
        if (slot.body != null) {
            return slot.body;
        }
        if (slots.get(hash) != slot || !held.tryHold(slot, body)) {
            return null;
        }
        return body;
    }

    /** Keeps what the first, CRC-checked read of a snapshot-loaded slot found, so later hits need not read again. */
    synchronized void firstRead(String hash, Slot slot, StoredEntry entry) {
        if (slots.get(hash) == slot && slot.stored == null) {
            slot.stored = entry.withHeldBody(null);
            if (entry.heldBody() != null) {
                held.tryHold(slot, entry.heldBody());
            }
        }
    }

    /** Records a validation on the indexed copy, unless the entry was replaced meanwhile. */
    synchronized void validated(String hash, StoredEntry entry, Instant time) {
        Slot slot = slots.get(hash);
        if (slot != null && slot.file.equals(entry.file())) {
            slot.stored = entry.validatedAt(time);
        }
    }

    /** Removes the slot if it is still the key's; returns whether it was. */
    synchronized boolean remove(String hash, Slot slot) {
        if (!slots.remove(hash, slot)) {
            return false;
        }
        release(slot);
        return true;
    }

    /** Removes the key's entry; returns its file. */
    synchronized Optional<Path> remove(String hash) {
        Slot slot = slots.remove(hash);
        if (slot == null) {
            return Optional.empty();
        }
        release(slot);
        return Optional.of(slot.file);
    }

    /** Removes every entry; returns their files. */
    synchronized List<Path> clear() {
        List<Path> files = new ArrayList<>(slots.size());
        for (Slot slot : slots.values()) {
            release(slot);
            files.add(slot.file);
        }
        slots.clear();
        return files;
    }

    /** Adds the entries of a snapshot, least recently used first; their files are read at their first use. */
    synchronized void restore(List<IndexSnapshot.Line> lines) {
        for (IndexSnapshot.Line line : lines) {
            Slot previous = slots.put(line.hash(), new Slot(line.file(), line.size(), null));
            if (previous != null) {
                release(previous);
            }
            totalSize += line.size();
        }
    }

    /**
     * Takes the entries a scan found, oldest first, as older than every entry written during the scan: of a key found
     * on disk and written meanwhile, the new write wins. Returns the files found that lost so, for the caller to
     * delete.
     */
    synchronized List<Path> adoptScanned(List<EntryScan.Found> oldestFirst) {
        LinkedHashMap<String, Slot> written = new LinkedHashMap<>(slots);
        slots.clear();
        totalSize = 0;
        List<Path> superseded = new ArrayList<>();
        for (EntryScan.Found found : oldestFirst) {
            StoredEntry entry = found.entry();
            Slot current = written.get(found.hash());
            if (current == null) {
                slots.put(found.hash(), new Slot(entry.file(), entry.bodyLength(), entry));
                totalSize += entry.bodyLength();
            } else if (!current.file.equals(entry.file())) {
                superseded.add(entry.file());
            }
        }
        written.forEach((hash, slot) -> {
            slots.put(hash, slot);
            totalSize += slot.size;
        });
        return superseded;
    }

    /** The entries, least recently used first, as a snapshot keeps them. */
    synchronized List<IndexSnapshot.Line> lines() {
        List<IndexSnapshot.Line> lines = new ArrayList<>(slots.size());
        slots.forEach((hash, slot) -> lines.add(new IndexSnapshot.Line(hash, slot.size, slot.file)));
        return lines;
    }

    private void release(Slot slot) {
        totalSize -= slot.size;
        held.release(slot);
    }

    synchronized long size() {
        return totalSize;
    }

    synchronized int entries() {
        return slots.size();
    }

    synchronized long heldBytes() {
        return held.bytes();
    }

    long maxSize() {
        return maxSize;
    }

    long maxEntries() {
        return maxEntries;
    }
}
