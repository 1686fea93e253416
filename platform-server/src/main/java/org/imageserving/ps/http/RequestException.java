package org.imageserving.ps.http;

/** A request the Platform Server refuses before asking the Image Server, with the status to answer with. */
public final class RequestException extends RuntimeException {
    private final int status;

    public RequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
