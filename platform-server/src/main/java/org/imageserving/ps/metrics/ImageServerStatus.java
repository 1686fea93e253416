package org.imageserving.ps.metrics;

import java.time.Duration;
import java.util.Map;
import org.imageserving.common.wire.ComponentUnavailableException;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.common.wire.FrameType;

/**
 * The Image Server's PING answer (health report plus queue depth and memory), fetched at most once a second: the
 * gauges of one scrape all read the same answer, and scraping fast cannot flood the Image Server. PING is answered on
 * the connection's thread, never queued behind renders.
 */
public final class ImageServerStatus {
    private static final long MAX_AGE_NANOS = 1_000_000_000L;
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private final FrameClient imageServer;
    private Map<String, String> last = Map.of();
    private long fetchedAt;
    private boolean fetched;

    public ImageServerStatus(FrameClient imageServer) {
        this.imageServer = imageServer;
    }

    /** The latest answer's headers; empty when the Image Server did not answer. */
    public synchronized Map<String, String> current() {
        long now = System.nanoTime();
        if (!fetched || now - fetchedAt > MAX_AGE_NANOS) {
            last = ping();
            fetchedAt = System.nanoTime();
            fetched = true;
        }
        return last;
    }

    private Map<String, String> ping() {
        try {
            Frame pong = imageServer.exchange(Frame.of(FrameType.PING, Map.of()), TIMEOUT);
            return pong.type() == FrameType.PONG ? pong.headers() : Map.of();
        } catch (ComponentUnavailableException e) {
            return Map.of();
        }
    }
}
