package org.imageserving.ps.responsecache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.Optional;
import java.util.function.Supplier;
import org.imageserving.ps.image.RenderedImage;

/**
 * Serves renders through the {@link ResponseCache}: a fresh entry without an Image Server round trip, a stale one
 * after checking its source file ({@code VALIDATED}, or rendered again: {@code UPDATED}), a miss rendered once however
 * many identical requests arrive together ({@code CREATED}).
 *
 * <p>Staleness follows {@code attribute::CacheValidationPolicy}: 0, expiration-based, an entry is checked again
 * {@code validationInterval} (5 minutes) after its last check; 1, catalog-based, when a catalog time stamp involved is
 * newer than the entry.
 *
 * <p>A plain miss asks the {@link PeerCaches} of the cache cluster before rendering; what a peer had is served like a
 * local hit ({@code REUSED}) when it is as fresh as a local entry would have to be, and kept when {@code keepPeerEntries}
 * ({@code PS::cacheCluster.updateLocalCache}). Identical concurrent misses share that lookup as they share a render.
 */
public final class CachedRenderer {
    public enum Use { REUSED, CREATED, UPDATED, VALIDATED, IGNORED }

    /** What the request asks of the server cache ({@code cache=}): on, off, validate now, or update now. */
    public enum ServerMode { ON, OFF, VALIDATE, UPDATE }

    public record Outcome(RenderedImage image, Use use, Instant created) {}

    private final ResponseCache cache;
    private final Clock clock;
    private final Duration validationInterval;
    private final PeerCaches peers;
    private final boolean keepPeerEntries;
    private final Runnable rendered;
    private final ConcurrentHashMap<String, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();

    public CachedRenderer(ResponseCache cache, Clock clock, Duration validationInterval) {
        this(cache, clock, validationInterval, PeerCaches.NONE, false, () -> { });
    }

    /**
     * @param peers           the cache cluster's other nodes
     * @param keepPeerEntries whether an entry from a peer is stored in {@code cache} too
     * @param rendered        told of every reply this node has the Image Server render (the metrics count them)
     */
    public CachedRenderer(ResponseCache cache, Clock clock, Duration validationInterval, PeerCaches peers,
                          boolean keepPeerEntries, Runnable rendered) {
        this.cache = cache;
        this.clock = clock;
        this.validationInterval = validationInterval;
        this.peers = peers;
        this.keepPeerEntries = keepPeerEntries;
        this.rendered = rendered;
    }

    public ResponseCache cache() {
        return cache;
    }

    /**
     * @param key           the cache key (catalog, canonical render request, comments)
     * @param catalogBased  true for CacheValidationPolicy 1
     * @param catalogTime   the newest time stamp of the catalogs and records involved
     * @param sourceVersion the current version of the source file ({@code SourceFiles#version})
     */
    public Outcome serve(String key, ServerMode mode, boolean catalogBased, Instant catalogTime,
                         Supplier<String> sourceVersion, Supplier<RenderedImage> render) {
        return serveHashed(ResponseCache.hash(key), mode, catalogBased, catalogTime, sourceVersion, render);
    }

    /** As {@link #serve}, for a key already hashed ({@link ResponseCache#hash}): a reused request plan keeps its hash. */
    public Outcome serveHashed(String key, ServerMode mode, boolean catalogBased, Instant catalogTime,
                               Supplier<String> sourceVersion, Supplier<RenderedImage> render) {
        if (mode == ServerMode.OFF) {
            RenderedImage image = render.get();
            rendered.run();
            return new Outcome(image, Use.IGNORED, clock.instant());
        }
        if (mode != ServerMode.UPDATE) {
            var found = cache.getByHash(key);
            if (found.isPresent()) {
                Optional<Outcome> served = fromEntry(key, found.get(), mode, catalogBased, catalogTime, sourceVersion);
                return served.isPresent() ? served.get() : renderOnce(key, sourceVersion, render, Use.UPDATED, null);
            }
        }
        if (mode == ServerMode.ON) {
            return renderOnce(key, sourceVersion, render, Use.CREATED, new Freshness(catalogBased, catalogTime));
        }
        return renderOnce(key, sourceVersion, render, mode == ServerMode.UPDATE ? Use.UPDATED : Use.CREATED, null);
    }

    /**
     * As {@link #serveHashed} when the cache answers alone: a fresh entry ({@code REUSED}) or a stale one whose source
     * did not change ({@code VALIDATED}). Empty for everything that needs the Image Server or a peer (a miss, a
     * changed source, {@code cache=off} or {@code update}): nothing is rendered or asked then, and the caller serves
     * the request through {@link #serveHashed}.
     */
    public Optional<Outcome> serveIfCached(String key, ServerMode mode, boolean catalogBased, Instant catalogTime,
                                           Supplier<String> sourceVersion) {
        if (mode == ServerMode.OFF || mode == ServerMode.UPDATE) {
            return Optional.empty();
        }
        Optional<StoredEntry> found = cache.getByHash(key);
        return found.isEmpty() ? Optional.empty()
                : fromEntry(key, found.get(), mode, catalogBased, catalogTime, sourceVersion);
    }

    /** A stored entry served as it is or after validation; empty when its source changed and it must be rendered. */
    private Optional<Outcome> fromEntry(String key, StoredEntry entry, ServerMode mode, boolean catalogBased,
                                        Instant catalogTime, Supplier<String> sourceVersion) {
        Instant now = clock.instant();
        boolean stale = mode == ServerMode.VALIDATE || (catalogBased
                ? catalogTime.isAfter(entry.created())
                : Duration.between(entry.validated(), now).compareTo(validationInterval) >= 0);
        if (!stale) {
            return Optional.of(new Outcome(entry.image(), Use.REUSED, entry.created()));
        }
        if (sourceVersion.get().equals(entry.sourceVersion())) {
            cache.validatedHashed(key, entry, now);
            return Optional.of(new Outcome(entry.image(), Use.VALIDATED, entry.created()));
        }
        return Optional.empty();
    }

    /** What a peer's entry must satisfy to be served as a local entry would be: the same staleness rule. */
    private record Freshness(boolean catalogBased, Instant catalogTime) {
        /** The oldest creation time a peer may answer with: catalog-based entries older than the catalog are stale. */
        Instant createdAfter() {
            return catalogBased ? catalogTime : Instant.EPOCH;
        }
    }

    /** A peer's entry, if one is as fresh as a local hit would have to be (or its source is unchanged). */
    private Optional<Outcome> fromPeer(String key, Freshness freshness, Supplier<String> sourceVersion) {
        Optional<CacheEntry> found = peers.find(key, freshness.createdAfter());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CacheEntry entry = found.get();
        boolean fresh = freshness.catalogBased()
                ? !freshness.catalogTime().isAfter(entry.created())
                : Duration.between(entry.validated(), clock.instant()).compareTo(validationInterval) < 0;
        if (!fresh && !sourceVersion.get().equals(entry.sourceVersion())) {
            return Optional.empty();
        }
        RenderedImage image = (keepPeerEntries ? cache.putHashed(key, entry) : Optional.<StoredEntry>empty())
                .map(StoredEntry::image)
                .orElseGet(() -> new RenderedImage(entry.contentType(), entry.body(), entry.properties(), entry.etag()));
        return Optional.of(new Outcome(image, Use.REUSED, entry.created()));
    }

    /** Identical concurrent misses share one render: the first caller renders, the others wait for its result. */
    private Outcome renderOnce(String key, Supplier<String> sourceVersion, Supplier<RenderedImage> render, Use use,
                               Freshness askPeers) {
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an identical render", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        try {
            Optional<Outcome> peer = askPeers == null ? Optional.empty() : fromPeer(key, askPeers, sourceVersion);
            if (peer.isPresent()) {
                mine.complete(peer.get());
                return peer.get();
            }
            String version = sourceVersion.get(); // taken before rendering: a change during the render is noticed later
            RenderedImage image = render.get();
            rendered.run();
            Instant now = clock.instant();
            cache.putHashed(key, new CacheEntry(image.contentType(), image.body(), now, now, version, image.properties(),
                    image.etag()));
            Outcome outcome = new Outcome(image, use, now);
            mine.complete(outcome);
            return outcome;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }
}
