package org.imageserving.common.imaging.source.s3;

import java.time.Instant;

/** What a HEAD request tells of an object: its ETag (quotes kept, as S3 sends it), size and last modification. */
public record ObjectVersion(String etag, long size, Instant lastModified) {
    /** The source version the response cache validates with: the ETag, and the size and time as on disk. */
    public String describe() {
        return "etag:" + etag + "|" + lastModified.toEpochMilli() + "|" + size;
    }
}
