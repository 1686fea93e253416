package org.imageserving.ps.responsecache;

import java.time.Instant;
import java.util.Optional;

/**
 * The response caches of other nodes ({@code PS::cacheCluster.hosts}), asked on a local miss before rendering. An
 * implementation answers within its own time limits and never throws: a peer that fails is a miss.
 */
public interface PeerCaches {
    /** No cluster: every lookup is a miss. */
    PeerCaches NONE = (hash, createdAfter) -> Optional.empty();

    /** A peer's entry for the key hash created at or after {@code createdAfter}, whole and checked; else empty. */
    Optional<CacheEntry> find(String hash, Instant createdAfter);
}
