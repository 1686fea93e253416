package org.imageserving.common.imaging.source.s3;

import java.time.Instant;
import java.util.Optional;

/**
 * The version of layer 0's object the Platform Server validated its cache entry with, sent along with the render
 * request ({@link #HEADER}) so that the Image Server renders exactly that version, and needs no HEAD of its own: a reply
 * is then never stored under the key of a version it was not drawn from, however the object changes between the two
 * processes' looks at it. Reads stay pinned to the ETag ({@code If-Match}), so a version replaced meanwhile fails the
 * render as changed (503) instead of mixing versions.
 */
public record ObjectPin(String bucket, String key, ObjectVersion version) {
    /** Starts like {@code @source}, which a render request's parser leaves out of the commands. */
    public static final String HEADER = "@sourceVersion";

    public static ObjectPin of(BucketRoot root, String key, ObjectVersion version) {
        return new ObjectPin(root.bucket(), key, version);
    }

    /** {@code bucket|etag|size|lastModifiedMillis|key}: the key last, since it may hold any character. */
    public String header() {
        return bucket + "|" + version.etag() + "|" + version.size() + "|" + version.lastModified().toEpochMilli() + "|"
                + key;
    }

    /** The pin a header names; empty for none or a malformed one (the Image Server then asks the bucket itself). */
    public static Optional<ObjectPin> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String[] parts = header.split("\\|", 5);
        if (parts.length != 5 || parts[0].isEmpty() || parts[1].isEmpty() || parts[4].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ObjectPin(parts[0], parts[4], new ObjectVersion(parts[1], Long.parseLong(parts[2]),
                    Instant.ofEpochMilli(Long.parseLong(parts[3])))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether this pin names the object {@code key} under {@code root}. */
    public boolean names(BucketRoot root, String key) {
        return bucket.equals(root.bucket()) && this.key.equals(key);
    }
}
