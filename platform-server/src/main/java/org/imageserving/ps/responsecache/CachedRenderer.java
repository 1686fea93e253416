package org.imageserving.ps.responsecache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
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
 */
public final class CachedRenderer {
    public enum Use { REUSED, CREATED, UPDATED, VALIDATED, IGNORED }

    /** What the request asks of the server cache ({@code cache=}): on, off, validate now, or update now. */
    public enum ServerMode { ON, OFF, VALIDATE, UPDATE }

    public record Outcome(RenderedImage image, Use use, Instant created) {}

    private final ResponseCache cache;
    private final Clock clock;
    private final Duration validationInterval;
    private final ConcurrentHashMap<String, CompletableFuture<Outcome>> inFlight = new ConcurrentHashMap<>();

    public CachedRenderer(ResponseCache cache, Clock clock, Duration validationInterval) {
        this.cache = cache;
        this.clock = clock;
        this.validationInterval = validationInterval;
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
            return new Outcome(render.get(), Use.IGNORED, clock.instant());
        }
        if (mode != ServerMode.UPDATE) {
            var found = cache.getByHash(key);
            if (found.isPresent()) {
                StoredEntry entry = found.get();
                Instant now = clock.instant();
                boolean stale = mode == ServerMode.VALIDATE || (catalogBased
                        ? catalogTime.isAfter(entry.created())
                        : Duration.between(entry.validated(), now).compareTo(validationInterval) >= 0);
                if (!stale) {
                    return new Outcome(entry.image(), Use.REUSED, entry.created());
                }
                if (sourceVersion.get().equals(entry.sourceVersion())) {
                    cache.validatedHashed(key, entry, now);
                    return new Outcome(entry.image(), Use.VALIDATED, entry.created());
                }
                return renderOnce(key, sourceVersion, render, Use.UPDATED);
            }
        }
        return renderOnce(key, sourceVersion, render, mode == ServerMode.UPDATE ? Use.UPDATED : Use.CREATED);
    }

    /** Identical concurrent misses share one render: the first caller renders, the others wait for its result. */
    private Outcome renderOnce(String key, Supplier<String> sourceVersion, Supplier<RenderedImage> render, Use use) {
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
            String version = sourceVersion.get(); // taken before rendering: a change during the render is noticed later
            RenderedImage image = render.get();
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
