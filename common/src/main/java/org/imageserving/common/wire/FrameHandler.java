package org.imageserving.common.wire;

import java.util.Map;

/** Answers one request frame. Runs on the connection's thread; may block. Must not throw for bad requests. */
@FunctionalInterface
public interface FrameHandler {
    Frame handle(Frame request);

    /**
     * Figures added to the health report of every PING answer (queue depth, memory): the Platform Server's metrics
     * read them from there, so a scrape costs one frame and never waits for a render slot. Must be cheap.
     */
    default Map<String, String> status() {
        return Map.of();
    }
}
