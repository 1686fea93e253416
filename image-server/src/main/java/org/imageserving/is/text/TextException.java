package org.imageserving.is.text;

/** A text layer that cannot be drawn as asked: malformed or oversized RTF, an unknown font. A usage error. */
public final class TextException extends RuntimeException {
    public TextException(String message) {
        super(message);
    }
}
