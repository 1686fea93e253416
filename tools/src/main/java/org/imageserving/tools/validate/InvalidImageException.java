package org.imageserving.tools.validate;

/** Why a file failed validation; the message names the check that failed. */
public final class InvalidImageException extends Exception {
    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
