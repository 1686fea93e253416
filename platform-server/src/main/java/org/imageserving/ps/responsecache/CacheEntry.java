package org.imageserving.ps.responsecache;

import java.time.Instant;
import java.util.Map;
import org.imageserving.ps.image.RenderedImage;

/**
 * One reply to store: its MIME type, bytes and ETag, and what validation needs later ({@code created},
 * {@code validated}, the version of the source file, the image properties the Image Server reported).
 */
public record CacheEntry(String contentType, byte[] body, Instant created, Instant validated, String sourceVersion,
                         Map<String, String> properties, String etag) {
    public CacheEntry {
        properties = Map.copyOf(properties);
    }

    public CacheEntry(String contentType, byte[] body, Instant created, Instant validated, String sourceVersion,
                      Map<String, String> properties) {
        this(contentType, body, created, validated, sourceVersion, properties, RenderedImage.md5(body));
    }
}
