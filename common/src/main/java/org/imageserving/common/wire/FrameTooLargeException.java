package org.imageserving.common.wire;

/**
 * A frame that must not be sent because no reader would accept it (more headers, or more header bytes, than
 * {@link FrameCodec} reads): refused before a byte is written, so the connection stays usable and the caller can
 * answer its own client with a usage error instead of reporting the peer unavailable.
 */
public final class FrameTooLargeException extends IllegalArgumentException {
    public FrameTooLargeException(String message) {
        super(message);
    }
}
