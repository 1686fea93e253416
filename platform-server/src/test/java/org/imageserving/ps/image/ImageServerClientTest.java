package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.Test;

class ImageServerClientTest {
    @Test
    void aRequestTooLargeForTheWireIsTheClientsUsageErrorNotAnUnavailableImageServer() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        // nothing listens there: had the frame been sent, this would be a ComponentUnavailableException (503)
        try (FrameClient frames = new FrameClient("is", port, Duration.ofMillis(200), Duration.ofSeconds(1), 1, 1 << 20)) {
            ImageServerClient client = new ImageServerClient(frames);
            Map<String, String> commands = new LinkedHashMap<>();
            for (int i = 0; i < 6000; i++) {
                commands.put("$v" + i, Integer.toString(i));
            }
            RenderRequest request = RenderRequest.of("samples/a.png", commands);
            assertThatThrownBy(() -> client.render(request)).isInstanceOf(RequestException.class)
                    .hasMessageContaining("too large to render")
                    .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((RequestException) e).status())
                            .isEqualTo(403));
        }
    }

    @Test
    void sourcesSentAlongAreBoundedByWhatTheImageServerAcceptsInOneFrame() {
        ImageServerClient client = new ImageServerClient(null, (t, n) -> { }, 1000);
        client.checkBodyBytes(1000);
        assertThatThrownBy(() -> client.checkBodyBytes(1001)).isInstanceOf(RequestException.class)
                .hasMessageContaining("more than the 1000 bytes the Image Server accepts")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((RequestException) e).status())
                        .isEqualTo(403));
        new ImageServerClient(null).checkBodyBytes(Long.MAX_VALUE); // no limit unless one is given
    }
}
