package org.imageserving.common.imaging.tiff;

import java.io.IOException;

/** A TIFF whose structure is damaged, or larger than a reader is willing to follow. */
public final class TiffFormatException extends IOException {
    public TiffFormatException(String message) {
        super(message);
    }
}
