package org.imageserving.supervisor.process;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.health.HealthReport;
import org.imageserving.common.wire.ComponentUnavailableException;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.common.wire.FrameType;

/** Probes the Image Server or the SVG server with a PING frame on its own port: the path real requests take. */
public final class FrameHealthProbe implements HealthProbe {
    private final FrameClient client;

    public FrameHealthProbe(String component, int port) {
        this.client = new FrameClient(component, port, Duration.ofSeconds(1), Duration.ofSeconds(5), 1, 1 << 16);
    }

    @Override
    public Optional<HealthReport> probe(Duration timeout) {
        try {
            Frame pong = client.exchange(Frame.of(FrameType.PING, Map.of()), timeout);
            return pong.type() == FrameType.PONG ? Optional.of(HealthReport.fromHeaders(pong.headers())) : Optional.empty();
        } catch (ComponentUnavailableException e) {
            return Optional.empty();
        }
    }
}
