package org.imageserving.is.encode.avif;

/** libheif refused an encoding step; the message is libheif's own. */
public final class HeifException extends RuntimeException {
    HeifException(String message) {
        super(message);
    }
}
