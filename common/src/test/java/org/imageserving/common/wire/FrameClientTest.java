package org.imageserving.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FrameClientTest {
    private static final long MAX = 1 << 20;
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private FrameServer start(int port, FrameHandler handler) throws IOException {
        FrameServer server = FrameServer.start("test", port, handler, MAX);
        toClose.add(server);
        return server;
    }

    private FrameClient client(int port, Duration readTimeout) {
        FrameClient client = new FrameClient("test", port, Duration.ofMillis(500), readTimeout, 1, MAX);
        toClose.add(client);
        return client;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Frame render(String n) {
        return Frame.of(FrameType.RENDER, Map.of("n", n));
    }

    @Test
    void exchangesFramesAndReusesItsConnection() throws Exception {
        // A bare server that counts connections: the FrameServer does not expose them.
        AtomicInteger connections = new AtomicInteger();
        ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        toClose.add(listener);
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    toClose.add(socket);
                    connections.incrementAndGet();
                    Thread serve = new Thread(() -> echo(socket));
                    serve.setDaemon(true);
                    serve.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        FrameClient client = client(listener.getLocalPort(), Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            assertThat(client.exchange(render("" + i)).header("n")).isEqualTo("" + i);
        }
        assertThat(connections).hasValue(1);
    }

    private static void echo(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            while (true) {
                Frame request = FrameCodec.read(in, MAX);
                FrameCodec.write(out, Frame.of(FrameType.IMAGE, request.headers()));
            }
        } catch (IOException | WireException e) {
            // connection over
        }
    }

    @Test
    void anErrorFrameIsAnAnswerNotAFailure() throws IOException {
        FrameServer server = start(0, r -> Frame.error(403, "nope"));
        Frame answer = client(server.port(), Duration.ofSeconds(5)).exchange(render("1"));
        assertThat(answer.type()).isEqualTo(FrameType.ERROR);
        assertThat(answer.header("status")).isEqualTo("403");
    }

    @Test
    void aClosedPortIsUnavailableQuickly() throws IOException {
        int port = closedPort();
        FrameClient client = client(port, Duration.ofSeconds(5));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.exchange(render("1")))
                .isInstanceOf(ComponentUnavailableException.class)
                .hasMessageContaining("cannot connect to test")
                .satisfies(e -> assertThat(((ComponentUnavailableException) e).component()).isEqualTo("test"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aPooledConnectionToARestartedServerIsRetriedTransparently() throws IOException {
        FrameServer first = start(0, r -> Frame.of(FrameType.IMAGE, Map.of("server", "first")));
        int port = first.port();
        FrameClient client = client(port, Duration.ofSeconds(5));
        assertThat(client.exchange(render("1")).header("server")).isEqualTo("first");

        first.close();
        start(port, r -> Frame.of(FrameType.IMAGE, Map.of("server", "second")));

        assertThat(client.exchange(render("2")).header("server")).isEqualTo("second");
        assertThat(client.exchange(render("3")).header("server")).isEqualTo("second");
    }

    @Test
    void aServerThatIsGoneForGoodIsUnavailableAfterTheRetry() throws IOException {
        FrameServer server = start(0, r -> Frame.of(FrameType.IMAGE, Map.of()));
        FrameClient client = client(server.port(), Duration.ofSeconds(5));
        client.exchange(render("1"));
        server.close();
        assertThatThrownBy(() -> client.exchange(render("2"))).isInstanceOf(ComponentUnavailableException.class);
    }

    @Test
    void aSlowServerIsUnavailableAfterTheReadTimeout() throws IOException {
        FrameServer server = start(0, r -> {
            sleep(600);
            return Frame.of(FrameType.IMAGE, Map.of());
        });
        FrameClient client = client(server.port(), Duration.ofMillis(100));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.exchange(render("1")))
                .isInstanceOf(ComponentUnavailableException.class)
                .hasMessageContaining("did not answer");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void aReadTimeoutOnAPooledConnectionIsNotRetried() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        FrameServer server = start(0, r -> {
            calls.incrementAndGet();
            if (r.header("slow") != null) {
                sleep(300);
            }
            return Frame.of(FrameType.IMAGE, Map.of());
        });
        FrameClient client = client(server.port(), Duration.ofSeconds(5));
        client.exchange(render("warm-up: pools the connection"));
        assertThatThrownBy(() -> client.exchange(Frame.of(FrameType.RENDER, Map.of("slow", "1")), Duration.ofMillis(100)))
                .isInstanceOf(ComponentUnavailableException.class);
        assertThat(calls).as("the slow request must reach the server once, not be sent again").hasValue(2);
    }

    @Test
    void theTimeoutOfOneExchangeDoesNotStickToThePooledConnection() throws IOException {
        FrameServer server = start(0, r -> {
            if (r.header("slow") != null) {
                sleep(200);
            }
            return Frame.of(FrameType.IMAGE, Map.of("ok", "1"));
        });
        FrameClient client = client(server.port(), Duration.ofSeconds(5));
        client.exchange(render("1"), Duration.ofMillis(50));
        assertThat(client.exchange(Frame.of(FrameType.RENDER, Map.of("slow", "1"))).header("ok")).isEqualTo("1");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
