package org.imageserving.common.imaging.source;

/** A requested path that could name a file outside its root, or names nothing. */
public final class InvalidSourcePathException extends IllegalArgumentException {
    public InvalidSourcePathException(String message) {
        super(message);
    }
}
