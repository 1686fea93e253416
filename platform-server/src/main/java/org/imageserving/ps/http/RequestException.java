package org.imageserving.ps.http;

/**
 * A request that cannot be answered, with the status to answer with: refused by the Platform Server before asking the
 * Image Server, or an error the Image Server reported (then with its stack trace and whether the source itself was
 * unreadable, which redirect on error acts on).
 */
public final class RequestException extends RuntimeException {
    private final int status;
    private final String remoteTrace;
    private final boolean unreadableSource;

    public RequestException(int status, String message) {
        this(status, message, "", false);
    }

    public RequestException(int status, String message, String remoteTrace, boolean unreadableSource) {
        super(message);
        this.status = status;
        this.remoteTrace = remoteTrace == null ? "" : remoteTrace;
        this.unreadableSource = unreadableSource;
    }

    public int status() {
        return status;
    }

    /** The stack trace of the component that failed (the Image Server), else empty. */
    public String remoteTrace() {
        return remoteTrace;
    }

    /** The source exists but the Image Server found it corrupt or could not decode it. */
    public boolean unreadableSource() {
        return unreadableSource;
    }
}
