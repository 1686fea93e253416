package org.imageserving.common.wire;

/** Answers one request frame. Runs on the connection's thread; may block. Must not throw for bad requests. */
@FunctionalInterface
public interface FrameHandler {
    Frame handle(Frame request);
}
