package org.imageserving.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on a loopback port in front of a server (an S3 API server in the tests), counting the bytes the server
 * sent back, headers included: what a client really read; and the HEAD and GET requests the clients sent (request
 * lines, told apart from header lines by their method and HTTP version: the clients here send no bodies). It can also answer the next connections itself with
 * {@code 503 SlowDown}, as S3 does when it throttles, to test the clients' retries.
 */
public final class CountingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final AtomicLong served = new AtomicLong();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger slowDowns = new AtomicInteger();
    private final AtomicInteger heads = new AtomicInteger();
    private final AtomicInteger gets = new AtomicInteger();
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "counting-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Bytes the server sent to clients since the start or the last {@link #reset()}. */
    public long bytesServed() {
        return served.get();
    }

    /** Connections relayed or refused since the start or the last reset. */
    public int connections() {
        return requests.get();
    }

    /** HEAD requests relayed since the start or the last reset. */
    public int heads() {
        return heads.get();
    }

    /** GET requests relayed since the start or the last reset. */
    public int gets() {
        return gets.get();
    }

    public void reset() {
        served.set(0);
        requests.set(0);
        heads.set(0);
        gets.set(0);
    }

    /**
     * The next {@code count} connections are answered {@code 503 SlowDown} without reaching the server; the open ones
     * are closed, so that a client's kept-alive connection does not slip past.
     */
    public void slowDown(int count) {
        slowDowns.set(count);
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        open.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                requests.incrementAndGet();
                if (slowDowns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    daemon(() -> refuse(client));
                    continue;
                }
                Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(target);
                daemon(() -> pump(client, target, null, new RequestLines()));
                daemon(() -> pump(target, client, served, null));
                open.removeIf(Socket::isClosed);
            } catch (IOException e) {
                // closed, or one connection failed: the client sees it
            }
        }
    }

    private static void refuse(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            int matched = 0;
            byte[] end = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
            }
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                    + "<Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException ignored) {
            // the client gave up
        }
    }

    /** Counts the request lines of one connection's client side, line by line across reads. */
    private final class RequestLines {
        private final StringBuilder line = new StringBuilder();

        void add(byte[] buffer, int n) {
            for (int i = 0; i < n; i++) {
                char c = (char) (buffer[i] & 0xFF);
                if (c == '\n') {
                    count(line.toString().strip());
                    line.setLength(0);
                } else if (line.length() < 8192) {
                    line.append(c);
                }
            }
        }

        private void count(String text) {
            if (text.endsWith(" HTTP/1.1") || text.endsWith(" HTTP/1.0")) {
                if (text.startsWith("HEAD ")) {
                    heads.incrementAndGet();
                } else if (text.startsWith("GET ")) {
                    gets.incrementAndGet();
                }
            }
        }
    }

    private static void pump(Socket from, Socket to, AtomicLong counter, RequestLines lines) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (lines != null) {
                    lines.add(buffer, n);
                }
                out.write(buffer, 0, n);
                if (counter != null) {
                    counter.addAndGet(n);
                }
            }
        } catch (IOException ignored) {
            // either side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "counting-proxy-io");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
