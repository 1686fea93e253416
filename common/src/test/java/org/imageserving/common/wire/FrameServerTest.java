package org.imageserving.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imageserving.common.health.HealthReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FrameServerTest {
    private static final long MAX = 1 << 20;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private FrameServer start(FrameHandler handler) throws IOException {
        FrameServer server = FrameServer.start("test", 0, handler, MAX);
        toClose.add(server);
        return server;
    }

    /** A raw connection, so that a test can be sure several frames travel on one and the same socket. */
    private final class Raw implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Raw(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(5000);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new DataOutputStream(socket.getOutputStream());
            toClose.add(this);
        }

        Frame exchange(Frame request) throws IOException {
            FrameCodec.write(out, request);
            return FrameCodec.read(in, MAX);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void bindsAFreePortOnLoopback() throws IOException {
        FrameServer server = start(r -> r);
        assertThat(server.port()).isBetween(1, 65535);
    }

    @Test
    void pingIsAnsweredWithTheHealthOfThisProcess() throws IOException {
        FrameServer server = start(r -> {
            throw new AssertionError("the handler must not see a PING");
        });
        Frame pong = new Raw(server.port()).exchange(Frame.of(FrameType.PING, Map.of()));
        assertThat(pong.type()).isEqualTo(FrameType.PONG);
        HealthReport report = HealthReport.fromHeaders(pong.headers());
        assertThat(report.component()).isEqualTo("test");
        assertThat(report.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(report.heapMaxBytes()).isPositive();
        assertThat(report.uptimeMillis()).isPositive();
        assertThat(report.version()).isNotBlank();
    }

    @Test
    void theHandlersAnswerIsSentBack() throws IOException {
        FrameServer server = start(r -> new Frame(FrameType.IMAGE,
                Map.of("echo", r.header("src"), "type", r.type().name()), r.header("src").getBytes()));
        Frame answer = new Raw(server.port()).exchange(Frame.of(FrameType.RENDER, Map.of("src", "a/b.jpg")));
        assertThat(answer.type()).isEqualTo(FrameType.IMAGE);
        assertThat(answer.headers()).containsEntry("echo", "a/b.jpg").containsEntry("type", "RENDER");
        assertThat(new String(answer.body())).isEqualTo("a/b.jpg");
    }

    @Test
    void aConnectionCarriesManyFrames() throws IOException {
        FrameServer server = start(r -> Frame.of(FrameType.IMAGE, Map.of("n", r.header("n"))));
        Raw raw = new Raw(server.port());
        for (int i = 0; i < 20; i++) {
            assertThat(raw.exchange(Frame.of(FrameType.RENDER, Map.of("n", "" + i))).header("n")).isEqualTo("" + i);
        }
        assertThat(raw.exchange(Frame.of(FrameType.PING, Map.of())).type()).isEqualTo(FrameType.PONG);
    }

    @Test
    void aHandlerThatThrowsYieldsError500AndTheConnectionStaysUsable() throws IOException {
        FrameServer server = start(r -> {
            if (r.header("boom") != null) {
                throw new IllegalStateException("bug");
            }
            return Frame.of(FrameType.IMAGE, Map.of("ok", "yes"));
        });
        Raw raw = new Raw(server.port());
        Frame error = raw.exchange(Frame.of(FrameType.RENDER, Map.of("boom", "1")));
        assertThat(error.type()).isEqualTo(FrameType.ERROR);
        assertThat(error.header("status")).isEqualTo("500");
        assertThat(error.header("message")).contains("test").contains("IllegalStateException");

        Frame next = raw.exchange(Frame.of(FrameType.RENDER, Map.of()));
        assertThat(next.type()).isEqualTo(FrameType.IMAGE);
        assertThat(next.header("ok")).isEqualTo("yes");
    }

    @Test
    void aRequestOverTheLimitClosesThatConnectionOnly() throws IOException {
        FrameServer server = FrameServer.start("test", 0, r -> Frame.of(FrameType.IMAGE, Map.of()), 10);
        toClose.add(server);
        Raw bad = new Raw(server.port());
        FrameCodec.write(bad.out, new Frame(FrameType.RENDER, Map.of(), new byte[11]));
        assertThatThrownBy(() -> FrameCodec.read(bad.in, MAX))
                .isInstanceOf(IOException.class);
        Frame ok = new Raw(server.port()).exchange(new Frame(FrameType.RENDER, Map.of(), new byte[10]));
        assertThat(ok.type()).isEqualTo(FrameType.IMAGE);
    }

    @Test
    void closeDropsOpenConnections() throws IOException {
        FrameServer server = start(r -> Frame.of(FrameType.IMAGE, Map.of()));
        Raw raw = new Raw(server.port());
        assertThat(raw.exchange(Frame.of(FrameType.RENDER, Map.of())).type()).isEqualTo(FrameType.IMAGE);
        server.close();
        assertThatThrownBy(() -> raw.exchange(Frame.of(FrameType.RENDER, Map.of()))).isInstanceOf(IOException.class);
    }

    @Test
    void closeLetsARequestBeingHandledFinishAndBeAnswered() throws Exception {
        java.util.concurrent.CountDownLatch handling = new java.util.concurrent.CountDownLatch(1);
        FrameServer server = start(r -> {
            handling.countDown();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Frame.of(FrameType.IMAGE, Map.of("done", "yes"));
        });
        Raw busy = new Raw(server.port());
        Raw idle = new Raw(server.port());
        assertThat(idle.exchange(Frame.of(FrameType.PING, Map.of())).type()).isEqualTo(FrameType.PONG);
        java.util.concurrent.CompletableFuture<Frame> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return busy.exchange(Frame.of(FrameType.RENDER, Map.of()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        handling.await();

        server.close();

        assertThat(answer.get().headers()).containsEntry("done", "yes");
        assertThatThrownBy(() -> idle.exchange(Frame.of(FrameType.RENDER, Map.of())))
                .as("an idle connection is closed at once").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> busy.exchange(Frame.of(FrameType.RENDER, Map.of())))
                .as("the answered connection is closed after its answer").isInstanceOf(IOException.class);
    }

    @Test
    void thePortIsNoLongerListeningWhenCloseReturns() throws IOException {
        // Repeated because the race it guards against (a listener that outlives close()) is hit only sometimes.
        for (int round = 0; round < 20; round++) {
            FrameServer server = FrameServer.start("test", 0, r -> Frame.of(FrameType.IMAGE, Map.of()), MAX);
            int port = server.port();
            server.close();
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500))
                        .as("connecting to port %d after close(), round %d", port, round)
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void aClientThatHangsUpBetweenFramesIsNormal() throws Exception {
        FrameServer server = start(r -> Frame.of(FrameType.IMAGE, Map.of()));
        Raw first = new Raw(server.port());
        first.exchange(Frame.of(FrameType.RENDER, Map.of()));
        first.close();
        Raw second = new Raw(server.port());
        assertThat(second.exchange(Frame.of(FrameType.PING, Map.of())).type()).isEqualTo(FrameType.PONG);
    }
}
