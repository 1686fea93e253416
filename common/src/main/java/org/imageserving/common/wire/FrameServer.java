package org.imageserving.common.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.imageserving.common.health.HealthReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback-only listener for the internal protocol, used by the Image Server and the SVG server. Each connection
 * is served by its own thread, frame after frame, so a pooled client connection costs no handshake per request.
 * {@link FrameType#PING} is answered here, for every component the same way.
 */
public final class FrameServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameServer.class);
    /**
     * How long {@link #close} lets requests already being handled finish (an orderly stop or restart answers what it
     * accepted; the supervisor's {@code stopTimeout} still ends a process that takes longer).
     */
    static final long DRAIN_MILLIS = 10_000;
    private final String component;
    private final ServerSocket serverSocket;
    private final FrameHandler handler;
    private final long maxRequestBytes;
    private final ExecutorService connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Connections between reading a request and having written its answer. */
    private final Set<Socket> busy = ConcurrentHashMap.newKeySet();
    private volatile Thread acceptor;
    private volatile boolean closed;

    private FrameServer(String component, ServerSocket serverSocket, FrameHandler handler, long maxRequestBytes) {
        this.component = component;
        this.serverSocket = serverSocket;
        this.handler = handler;
        this.maxRequestBytes = maxRequestBytes;
        this.connections = Executors.newCachedThreadPool(named(component + "-conn-"));
    }

    /** Binds 127.0.0.1:port (0 picks a free port) and starts accepting. */
    public static FrameServer start(String component, int port, FrameHandler handler, long maxRequestBytes)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        FrameServer server = new FrameServer(component, socket, handler, maxRequestBytes);
        server.acceptor = new Thread(server::acceptLoop, component + "-acceptor");
        server.acceptor.start();
        return server;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                try {
                    connections.execute(() -> serve(socket));
                } catch (RejectedExecutionException e) {
                    // accepted while closing
                    open.remove(socket);
                    socket.close();
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.error("accept failed on port {}", port(), e);
                    pauseAfterAcceptFailure(); // e.g. out of file handles: do not spin
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket;
             DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024))) {
            while (!closed) {
                Frame request = FrameCodec.read(in, maxRequestBytes);
                busy.add(socket);
                try {
                    FrameCodec.write(out, respond(request));
                } finally {
                    busy.remove(socket);
                }
            }
        } catch (EOFException | SocketException e) {
            // the client closed or reset the connection: nothing to answer
        } catch (WireException e) {
            LOG.warn("closing a connection that broke the protocol: {}", e.getMessage());
        } catch (IOException e) {
            LOG.warn("connection error: {}", e.toString());
        } finally {
            open.remove(socket);
        }
    }

    private Frame respond(Frame request) {
        if (request.type() == FrameType.PING) {
            Map<String, String> report = HealthReport.current(component).toHeaders();
            handler.status().forEach(report::putIfAbsent);
            return Frame.of(FrameType.PONG, report);
        }
        try {
            return handler.handle(request);
        } catch (RuntimeException e) {
            // A bug hit by one request must not take the connection, or the process, down with it.
            LOG.error("request failed: {}", request.headers(), e);
            return Frame.error(500, "internal error in " + component + ": " + e.getClass().getSimpleName());
        }
    }

    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        // The listening socket stays open until the acceptor leaves accept(): wait, so the port is free on return.
        Thread a = acceptor;
        if (a != null && a != Thread.currentThread()) {
            try {
                a.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // idle connections go at once (a client retries those on a fresh connection); a request being handled may
        // finish and be answered, after which its connection leaves the loop by itself
        open.stream().filter(socket -> !busy.contains(socket)).forEach(FrameServer::closeQuietly);
        long deadline = System.nanoTime() + DRAIN_MILLIS * 1_000_000;
        while (!busy.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!busy.isEmpty()) {
            LOG.warn("{} requests still running after {} ms are cut off", busy.size(), DRAIN_MILLIS);
        }
        open.forEach(FrameServer::closeQuietly);
        connections.shutdownNow();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
