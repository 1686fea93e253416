package org.imageserving.ps.reply;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.imageserving.common.props.PropertyWriter;

/**
 * What the Platform Server answers a request with, decided without a servlet in sight: a body, a 304, an error, or a
 * reply relayed from the error-redirect server. {@link ReplyWriter} turns each into HTTP; the request processors
 * ({@code /is/image}, {@code /is/content}) only decide which.
 */
public sealed interface Reply {
    /** Response headers a rule set or the protocol adds ({@code Vary}, {@code <header>} rules), in order. */
    List<Header> headers();

    /** A header; {@code add} appends to a value set before it (a rule set's {@code Action="add"}). */
    record Header(String name, String value, boolean add) {
        public static Header set(String name, String value) {
            return new Header(name, value, false);
        }
    }

    /**
     * A reply with a body.
     *
     * @param status  200 as a rule; an error image is a 200 too
     * @param body    its bytes, in memory or in a file (a cache entry sent by sendfile)
     * @param caching its caching headers
     */
    record Entity(int status, Body body, Caching caching, List<Header> headers) implements Reply {
        public Entity {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(caching, "caching");
            headers = List.copyOf(headers);
        }
    }

    /** A conditional request the client's copy answers: 304 with the headers the full reply would have had. */
    record NotModified(String etag, Caching caching, List<Header> headers) implements Reply {
        public NotModified {
            headers = List.copyOf(headers);
        }
    }

    /**
     * A request that failed: the documented {@code #S7Z ERROR} text, or the property format the request asked for.
     *
     * @param errorDetail the main catalog's {@code ErrorDetail}: how much of {@code message} and the trace is shown
     * @param format      the writer of a property request's format (xml, json, javascript); null: the text form
     */
    record Failure(int status, String title, String message, int errorDetail, String stackTrace, PropertyWriter format,
                   List<Header> headers) implements Reply {
        public Failure {
            headers = List.copyOf(headers);
            stackTrace = stackTrace == null ? "" : stackTrace;
        }
    }

    /** The error-redirect server's reply, relayed as it is. */
    record Relayed(HttpResponse<byte[]> upstream) implements Reply {
        @Override
        public List<Header> headers() {
            return List.of();
        }
    }

    /**
     * A body: bytes in memory, a region of a file that Tomcat can send without reading it into the heap (the bytes
     * are then read only when sendfile cannot be used), or bytes its source writes while the reply is sent.
     *
     * @param bytes  the body in memory; null when it is only in {@code file}, which is then streamed when sendfile
     *               cannot be used (static content: a file of any size must never be read whole), or in {@code stream}
     * @param etag   the quoted ETag, or null for replies without one
     * @param stream writes the body when neither {@code bytes} nor {@code file} is given (static content in a bucket:
     *               an object of any size passes through a buffer, never whole)
     */
    record Body(String contentType, long length, Supplier<byte[]> bytes, FileRegion file, String etag,
                BodyStream stream) {
        public Body(String contentType, long length, Supplier<byte[]> bytes, FileRegion file, String etag) {
            this(contentType, length, bytes, file, etag, null);
        }

        public static Body of(String contentType, byte[] bytes) {
            return new Body(contentType, bytes.length, () -> bytes, null, null);
        }

        /** {@code length} bytes written by {@code stream} as the reply is sent. */
        public static Body streamed(String contentType, long length, String etag, BodyStream stream) {
            return new Body(contentType, length, null, null, etag, stream);
        }
    }

    /**
     * Writes exactly the body's length to {@code out}, or throws: Tomcat then closes the connection, so the client
     * sees a short body, never a wrong one.
     */
    @FunctionalInterface
    interface BodyStream {
        void writeTo(OutputStream out) throws IOException;
    }

    record FileRegion(Path file, long offset, long length) {}

    /**
     * The caching headers: none at all, {@code no-store}, or a TTL in hours as documented ({@code > 0} public for
     * that long, {@code 0} revalidate, {@code -1} never expires), with an optional {@code Last-Modified}.
     */
    record Caching(Kind kind, double ttlHours, long lastModifiedMillis) {
        public enum Kind { NONE, NO_STORE, TTL }

        public static final Caching NONE = new Caching(Kind.NONE, 0, -1);
        public static final Caching NO_STORE = new Caching(Kind.NO_STORE, 0, -1);

        public static Caching ttl(double hours) {
            return new Caching(Kind.TTL, hours, -1);
        }

        public Caching withLastModified(long millis) {
            return new Caching(kind, ttlHours, millis);
        }
    }
}
