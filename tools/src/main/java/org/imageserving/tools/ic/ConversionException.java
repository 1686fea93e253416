package org.imageserving.tools.ic;

/** A source that cannot be converted, with a message fit for stderr. */
public final class ConversionException extends Exception {
    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
