package org.imageserving.ps.responsecache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.imageserving.ps.image.RenderedImage;

/**
 * A cache entry as the index knows it: everything but the bytes, plus where the bytes lie in its file. A hit needs
 * nothing else, so it is answered without reading the file into memory.
 */
public record StoredEntry(String contentType, String etag, Instant created, Instant validated, String sourceVersion,
                          Map<String, String> properties, Path file, long bodyOffset, long bodyLength) {
    public StoredEntry {
        properties = Map.copyOf(properties);
    }

    public StoredEntry validatedAt(Instant time) {
        return new StoredEntry(contentType, etag, created, time, sourceVersion, properties, file, bodyOffset, bodyLength);
    }

    /** The reply, its bytes left on disk until something needs them in memory. */
    public RenderedImage image() {
        return RenderedImage.stored(contentType, properties, etag,
                new RenderedImage.FileRegion(file, bodyOffset, bodyLength), () -> EntryFile.readBody(this));
    }
}
