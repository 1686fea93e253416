package org.imageserving.ps.layersource;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.IDN;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET sent to an address the caller has already resolved and checked, with the URL's own name in the
 * {@code Host} header and, for HTTPS, as SNI and for certificate verification. {@link java.net.HttpURLConnection} and
 * {@link java.net.http.HttpClient} resolve the name themselves when they connect, so a DNS answer that changes
 * between the check and the connection (rebinding) would send the request somewhere never checked.
 *
 * <p>Deliberately small: {@code Connection: close}, no proxy, no compression, no redirects (the caller checks each
 * hop), a body delimited by {@code Content-Length}, chunked encoding or the end of the connection. The status line
 * and headers are limited to {@value #MAX_HEAD} bytes, so an origin cannot grow the heap before the body's own cap.
 */
final class PinnedGet implements Closeable {
    private static final int MAX_HEAD = 64 * 1024;
    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;

    private PinnedGet(Socket socket, int status, Map<String, String> headers, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /**
     * Connects to {@code address} at the URL's port, sends the request and reads the reply's head, all within what
     * {@code millisLeft} says is left of the fetch's time (asked again before each header line and every KB of one,
     * so an origin trickling its headers is cut off as one trickling its body is; it throws when nothing is left).
     * {@link #readTimeout} then bounds each read of the body.
     */
    static PinnedGet send(URI url, InetAddress address, IntSupplier millisLeft, SSLSocketFactory tls)
            throws IOException {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
        String host = hostName(url);
        Socket socket = new Socket(Proxy.NO_PROXY);
        try {
            socket.connect(new InetSocketAddress(address, port), millisLeft.getAsInt());
            socket.setSoTimeout(millisLeft.getAsInt());
            if (https) {
                socket = tls(tls, socket, host, port);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request(url, host, port, https).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Socket connected = socket;
            Tick tick = () -> connected.setSoTimeout(millisLeft.getAsInt());
            Head head = head(in, tick);
            while (head.status() >= 100 && head.status() < 200) { // 100 Continue and the like precede the reply
                head = head(in, tick);
            }
            return new PinnedGet(socket, head.status(), head.headers(), body(in, head.headers()));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int status() {
        return status;
    }

    /** A response header by lower-case name (the first of several), or null. */
    String header(String name) {
        return headers.get(name);
    }

    /** The announced length, or -1. */
    long contentLength() {
        String value = headers.get("content-length");
        return value == null || headers.containsKey("transfer-encoding") ? -1 : Long.parseLong(value);
    }

    InputStream body() {
        return body;
    }

    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The name to verify and to send, without an IPv6 literal's brackets, in ASCII. */
    private static String hostName(URI url) {
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
    }

    private static boolean literal(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private static Socket tls(SSLSocketFactory factory, Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) factory.createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the URL's host
        if (!literal(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String request(URI url, String host, int port, boolean https) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
                + (port == (https ? 443 : 80) ? "" : ":" + port);
        return "GET " + target + " HTTP/1.1\r\n"
                + "Host: " + authority + "\r\n"
                + "Accept: image/*\r\n"
                + "Accept-Encoding: identity\r\n"
                + "User-Agent: ImageServing foreign-source fetch\r\n"
                + "Connection: close\r\n\r\n";
    }

    private record Head(int status, Map<String, String> headers) {}

    /** Called while a head is read, to bound what is left of the time. */
    @FunctionalInterface
    private interface Tick {
        void run() throws IOException;

        Tick NONE = () -> { };
    }

    private static Head head(InputStream in, Tick tick) throws IOException {
        int[] budget = {MAX_HEAD};
        String statusLine = line(in, budget, tick);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x reply: " + abbreviate(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line: " + abbreviate(statusLine));
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = line(in, budget, tick); !line.isEmpty(); line = line(in, budget, tick)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue; // not a header (an obsolete folded line): nothing we need
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            String earlier = headers.putIfAbsent(name, value);
            if (name.equals("content-length") && earlier != null && !earlier.equals(value)) {
                throw new IOException("two different Content-Length headers");
            }
        }
        String length = headers.get("content-length");
        if (length != null && !length.matches("[0-9]{1,18}")) {
            throw new IOException("malformed Content-Length: " + abbreviate(length));
        }
        return new Head(status, headers);
    }

    /** A line without its CR LF, counted against the head's budget. */
    private static String line(InputStream in, int[] budget, Tick tick) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        tick.run();
        while (true) {
            if (line.size() > 0 && line.size() % 1024 == 0) {
                tick.run();
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed inside the reply's headers");
            }
            if (--budget[0] < 0) {
                throw new IOException("the reply's headers exceed " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static InputStream body(InputStream in, Map<String, String> headers) throws IOException {
        String encoding = headers.get("transfer-encoding");
        if (encoding != null) {
            if (!encoding.toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
                throw new IOException("unsupported Transfer-Encoding: " + abbreviate(encoding));
            }
            return new Chunked(in);
        }
        String length = headers.get("content-length");
        return length == null ? in : new Limited(in, Long.parseLong(length));
    }

    /** A body of a known length: a connection that ends sooner is an error, not a short image. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("the connection closed " + left + " bytes before the announced length");
            }
            left -= n;
            return n;
        }
    }

    /** The chunked transfer coding (RFC 9112 §7.1); extensions and trailers are read and ignored. */
    private static final class Chunked extends FilterInputStream {
        private long left;
        private boolean done;
        private final int[] budget = {MAX_HEAD};

        Chunked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                if (!nextChunk()) {
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("the connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                budget[0] = MAX_HEAD;
                if (!line(in, budget, Tick.NONE).isEmpty()) {
                    throw new IOException("a chunk is longer than its size said");
                }
            }
            return n;
        }

        private boolean nextChunk() throws IOException {
            budget[0] = MAX_HEAD;
            String size = line(in, budget, Tick.NONE);
            int semicolon = size.indexOf(';');
            String hex = (semicolon >= 0 ? size.substring(0, semicolon) : size).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
                throw new IOException("malformed chunk size: " + abbreviate(size));
            }
            left = Long.parseLong(hex, 16);
            if (left == 0) {
                while (!line(in, budget, Tick.NONE).isEmpty()) {
                    // trailer fields: not needed
                }
                done = true;
                return false;
            }
            return true;
        }
    }
}
