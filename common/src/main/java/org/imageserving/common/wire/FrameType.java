package org.imageserving.common.wire;

/** What a frame on the internal ps ↔ is ↔ svg connections carries. */
public enum FrameType {
    /** Liveness probe; answered with {@link #PONG} carrying a health report. */
    PING,
    PONG,
    /** A canonical render request in the headers; answered with {@link #IMAGE} or {@link #ERROR}. */
    RENDER,
    /** Encoded image in the body, its properties in the headers. */
    IMAGE,
    /** Headers {@code status} (the HTTP status the front end should answer with) and {@code message}. */
    ERROR;

    static FrameType of(int code) {
        FrameType[] all = values();
        if (code < 0 || code >= all.length) {
            throw new WireException("unknown frame type " + code);
        }
        return all[code];
    }
}
