package org.imageserving.common.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A client of a {@link FrameServer} with a pool of idle connections. One exchange borrows a connection, sends a frame,
 * reads the answer and returns the connection. A pooled connection that the server closed meanwhile (a restarted
 * component) is detected on use and the exchange is retried once on a fresh connection; every other failure is
 * reported as {@link ComponentUnavailableException}, never as a hang: connecting and reading both have timeouts.
 */
public final class FrameClient implements AutoCloseable {
    private final String component;
    private final InetSocketAddress address;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final long maxResponseBytes;
    private final BlockingQueue<Connection> idle;

    public FrameClient(String component, int port, Duration connectTimeout, Duration readTimeout, int poolSize,
                       long maxResponseBytes) {
        this.component = component;
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.idle = new ArrayBlockingQueue<>(poolSize);
    }

    /** How long an exchange waits for the answer unless it says otherwise. */
    public Duration readTimeout() {
        return readTimeout;
    }

    public Frame exchange(Frame request) {
        return exchange(request, readTimeout);
    }

    /**
     * Sends {@code request} and waits at most {@code timeout} for the answer.
     *
     * @throws FrameTooLargeException when the request breaks the frame limits (nothing was sent)
     * @throws ComponentUnavailableException when the peer cannot be reached or does not answer in time
     */
    public Frame exchange(Frame request, Duration timeout) {
        FrameCodec.checkSendable(request);
        Connection pooled = idle.poll();
        if (pooled != null) {
            try {
                return exchangeOn(pooled, request, timeout);
            } catch (SocketTimeoutException e) {
                // Alive but not answering in time: a retry would send the request twice and double the wait.
                pooled.close();
                throw new ComponentUnavailableException(component, component + " did not answer: " + e.getMessage(), e);
            } catch (WireException e) {
                // An answer that breaks the rules (too large, garbled) would break them again: no retry.
                pooled.close();
                throw new ComponentUnavailableException(component, component + " sent an invalid answer: " + e.getMessage(), e);
            } catch (IOException stale) {
                pooled.close();
                // The server may have restarted since this connection was pooled: one retry on a fresh one.
            }
        }
        Connection fresh;
        try {
            fresh = connect();
        } catch (IOException e) {
            throw new ComponentUnavailableException(component, "cannot connect to " + component + " on "
                    + address + ": " + e.getMessage(), e);
        }
        try {
            return exchangeOn(fresh, request, timeout);
        } catch (IOException | WireException e) {
            fresh.close();
            throw new ComponentUnavailableException(component, component + " did not answer: " + e.getMessage(), e);
        }
    }

    private Frame exchangeOn(Connection connection, Frame request, Duration timeout) throws IOException {
        connection.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
        FrameCodec.write(connection.out, request);
        Frame response = FrameCodec.read(connection.in, maxResponseBytes);
        if (!idle.offer(connection)) {
            connection.close();
        }
        return response;
    }

    private Connection connect() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) connectTimeout.toMillis());
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }

    private static final class Connection {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
