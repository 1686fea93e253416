package org.imageserving.common.imaging.source.s3;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What HEAD requests told recently, kept for {@code IS::S3MetadataTtl}: a render asks for the same object several
 * times within milliseconds (ps to find it and to validate its cache entry, is to open it), and popular objects are
 * asked for again and again; each answer from the bucket costs a round trip. Missing objects are remembered for the same
 * short time only, so an object uploaded is seen at the latest one TTL later, as is a replaced one.
 *
 * <p>Bounded: beyond {@code maxEntries} the least recently asked answers go. A TTL of zero keeps nothing. Time comes
 * from {@code nanoTime} (injected, so that tests need not sleep).
 */
final class RecentHeads {
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    private record Entry(Optional<ObjectVersion> version, long learnedAt) {}

    RecentHeads(Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    boolean enabled() {
        return ttlNanos > 0;
    }

    /** The answer learned less than a TTL ago, if any: empty when unknown, an empty version when the object was missing. */
    synchronized Optional<Optional<ObjectVersion>> recent(String id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.learnedAt() >= ttlNanos) {
            entries.remove(id);
            return Optional.empty();
        }
        return Optional.of(entry.version());
    }

    /** Remembers an answer the bucket just gave, learned at {@code learnedAt} (taken before the request went out). */
    synchronized void learned(String id, Optional<ObjectVersion> version, long learnedAt) {
        if (!enabled()) {
            return;
        }
        entries.put(id, new Entry(version, learnedAt));
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        while (entries.size() > maxEntries && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** Forgets what was learned of {@code id}: a read found it changed, so the next look must ask the bucket. */
    synchronized void forget(String id) {
        entries.remove(id);
    }

    synchronized int size() {
        return entries.size();
    }

    long now() {
        return nanoTime.getAsLong();
    }
}
