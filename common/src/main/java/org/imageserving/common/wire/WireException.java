package org.imageserving.common.wire;

/** The peer broke the framing rules: the connection can no longer be trusted and must be closed. */
public class WireException extends RuntimeException {
    public WireException(String message) {
        super(message);
    }
}
