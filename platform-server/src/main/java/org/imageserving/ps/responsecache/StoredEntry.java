package org.imageserving.ps.responsecache;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.imageserving.ps.image.RenderedImage;

/**
 * A cache entry as the index knows it: everything but the bytes, plus where the bytes lie in its file. A hit needs
 * nothing else, so it is answered without reading the file into memory. {@code heldBody} is the body when the cache
 * holds it in memory (small replies, see {@link ResponseCache#HELD_BODY_MAX}), else null.
 */
public record StoredEntry(String contentType, String etag, Instant created, Instant validated, String sourceVersion,
                          Map<String, String> properties, Path file, long bodyOffset, long bodyLength,
                          byte[] heldBody) {
    public StoredEntry {
        properties = Map.copyOf(properties);
    }

    /** The index's copy after a validation: the body stays with the index's slot, not with this record. */
    public StoredEntry validatedAt(Instant time) {
        return new StoredEntry(contentType, etag, created, time, sourceVersion, properties, file, bodyOffset, bodyLength,
                null);
    }

    StoredEntry withHeldBody(byte[] body) {
        return new StoredEntry(contentType, etag, created, validated, sourceVersion, properties, file, bodyOffset,
                bodyLength, body);
    }

    /** The reply: its bytes from memory when held, else left on disk until something needs them in memory. */
    public RenderedImage image() {
        byte[] held = heldBody;
        return RenderedImage.stored(contentType, properties, etag,
                new RenderedImage.FileRegion(file, bodyOffset, bodyLength),
                held != null ? () -> held : () -> EntryFile.readBody(this));
    }
}
