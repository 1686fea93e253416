package org.imageserving.dist;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener on 127.0.0.1 that records every connection made to it: proof that nothing reached out. */
final class Tripwire implements AutoCloseable {
    private final ServerSocket socket;
    private final List<String> hits = new CopyOnWriteArrayList<>();

    Tripwire() throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(this::acceptLoop, "tripwire");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    List<String> hits() {
        return List.copyOf(hits);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(1000);
                InputStream in = client.getInputStream();
                byte[] first = new byte[200];
                int n = Math.max(0, in.read(first));
                hits.add(new String(first, 0, n, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("(connected)"));
                client.getOutputStream().write("HTTP/1.0 404 Not Found\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    hits.add("(connection: " + e.getMessage() + ")");
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
