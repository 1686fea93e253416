package org.imageserving.ps.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.imageserving.common.imaging.source.s3.ObjectPin;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.catalog.CatalogRecord;
import org.imageserving.ps.responsecache.CachedRenderer.ServerMode;

/**
 * One request's render, frozen: what the Image Server gets, the response-cache key and everything the reply's headers
 * depend on, computed from the request line and the catalogs alone. The plan memo ({@link RequestPlans}) keeps it for
 * a repeated request line; a nested request's plan is made the same way and rendered uncached.
 *
 * @param request      the layered render request sent to the Image Server
 * @param key          the response-cache key: key format, root id, the request's canonical form, comments and, for a
 *                     source sent along, what names it (a nested request's own key, a foreign URL)
 * @param keyHash      the key's SHA-256, the cache entry's name
 * @param version      tells the source's current version (its file's size and time, a pyramid's header date)
 * @param inline       layer 0's source when it travels with the request; null for a file under the roots
 * @param layerInlines the sources of layers above 0 that travel with the request, by layer number
 * @param ttlHours     the TTL: the record's Expiration, else the catalog's (DefaultExpiration for a default image)
 * @param timeRecord   the record whose TimeStamp dates the reply
 * @param varyAccept   the reply varies with Accept (bfc): never remembered
 * @param sourceFile   the real path of layer 0's source when it is the file the request names and it was found (null
 *                     otherwise); a remembered plan checks that it is still there
 * @param caching      the caching the request asked for ({@code cache=}) and the catalog validates with
 * @param layer0Pin    the version of layer 0's object in a bucket that {@code version} last told, which the Image
 *                     Server is asked to render (empty until told, and for a file)
 */
record RenderPlan(RenderRequest request, String key, String keyHash, Supplier<String> version,
                  ImageRendering.InlineSource inline, Map<Integer, ImageRendering.InlineSource> layerInlines,
                  double ttlHours, Optional<CatalogRecord> timeRecord,
                  boolean varyAccept, Path sourceFile, Caching caching, AtomicReference<ObjectPin> layer0Pin) {

    /**
     * {@code cache=client,server} and the catalog's validation.
     *
     * @param catalogTime  the newest time stamp of the catalogs and records involved (CacheValidationPolicy 1)
     * @param lastModified the record's TimeStamp, else its catalog's
     */
    record Caching(ServerMode mode, boolean clientCacheOff, boolean catalogBased, Instant catalogTime,
                   Instant lastModified) {
        /** A nested request's: rendered every time its outer request is. */
        static final Caching UNCACHED = new Caching(ServerMode.OFF, true, false, Instant.EPOCH, null);
    }

    RenderPlan withCaching(Caching caching) {
        return new RenderPlan(request, key, keyHash, version, inline, layerInlines, ttlHours, timeRecord, varyAccept,
                sourceFile, caching, layer0Pin);
    }

    /**
     * Layer 0's source is the file the request names, found on disk (no default image, no bytes sent along), and no
     * other layer's travels with the request either: the plan may be remembered.
     */
    boolean sourceOnDisk() {
        return sourceFile != null && layerInlines.isEmpty();
    }
}
