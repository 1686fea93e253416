package org.imageserving.common.imaging.source.s3;

/**
 * The object store could not answer after the SDK's bounded retries (timeouts, 503 SlowDown, 5xx), refused access, or
 * an object changed between two reads of one render. The message names the bucket and key and the status, never a
 * credential.
 */
public final class ObjectStoreException extends RuntimeException {
    private final boolean changed;

    public ObjectStoreException(String message, boolean changed, Throwable cause) {
        super(message, cause);
        this.changed = changed;
    }

    /** The object was replaced while it was being read (a ranged GET's If-Match failed). */
    public boolean changed() {
        return changed;
    }
}
