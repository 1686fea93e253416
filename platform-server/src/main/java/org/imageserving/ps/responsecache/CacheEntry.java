package org.imageserving.ps.responsecache;

import java.time.Instant;
import java.util.Map;

/**
 * One stored reply: its MIME type and bytes and what validation needs ({@code created}, {@code validated}, the
 * version of the source file, the image properties the Image Server reported).
 */
public record CacheEntry(String contentType, byte[] body, Instant created, Instant validated, String sourceVersion,
                         Map<String, String> properties) {
    public CacheEntry {
        properties = Map.copyOf(properties);
    }

    public CacheEntry validatedAt(Instant time) {
        return new CacheEntry(contentType, body, created, time, sourceVersion, properties);
    }
}
