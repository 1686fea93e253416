package org.imageserving.ps.responsecache;

import java.nio.file.Path;

/** One indexed entry: its file and body size, its metadata once read ({@code null} before), its body when held. */
final class Slot {
    final Path file;
    final long size;
    /** Read on every hit without the index's lock; a snapshot-loaded slot gets it at its first, CRC-checked use. */
    volatile StoredEntry stored;
    /** Set and cleared under the index's lock by {@link HeldBodies}, read on hits without it. */
    volatile byte[] body;

    Slot(Path file, long size, StoredEntry stored) {
        this.file = file;
        this.size = size;
        this.stored = stored;
    }
}
