package org.imageserving.ps.reply;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.tomcat.util.http.FastHttpDateFormat;
import org.imageserving.common.props.PropertyFormat;
import org.imageserving.common.props.PropertyWriter;
import org.imageserving.ps.caching.HttpCaching;
import org.imageserving.ps.http.ErrorRedirect;
import org.imageserving.ps.http.ErrorResponse;
import org.imageserving.ps.responsecache.ResponseCache;

/**
 * Writes a {@link Reply} as HTTP: status, headers, caching headers and the body (sendfile for large bodies in files,
 * else from memory, or streamed from a file that is not held in memory).
 */
public final class ReplyWriter {
    private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
    private static final String SENDFILE_NAME = "org.apache.tomcat.sendfile.filename";
    private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
    private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";
    /**
     * Tomcat hands a sendfile to its poller and back, which costs more than copying a small reply: measured on a 30 KB
     * hit, 6.7 k req/s by sendfile against 28.8 k written from memory. Its DefaultServlet draws the line at 48 KB too;
     * the response cache holds the bodies up to that size in memory.
     */
    private static final long SENDFILE_MIN_BYTES = ResponseCache.HELD_BODY_MAX + 1;
    private static final int STREAM_BUFFER = 64 * 1024;
    private final Clock clock;

    public ReplyWriter(Clock clock) {
        this.clock = clock;
    }

    public void write(Reply reply, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (reply instanceof Reply.Entity entity) {
            entity(entity, request, response);
        } else if (reply instanceof Reply.NotModified notModified) {
            notModifiedHeaders(notModified, new ServletHeaders(response));
            response.setStatus(304);
        } else if (reply instanceof Reply.Failure failure) {
            failure(failure, response);
        } else if (reply instanceof Reply.Relayed relayed) {
            ErrorRedirect.relay(relayed.upstream(), response);
        }
    }

    private void entity(Reply.Entity entity, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Reply.Body body = entity.body();
        response.resetBuffer();
        entityHeaders(entity, new ServletHeaders(response));
        response.setStatus(entity.status());
        response.setContentType(body.contentType());
        response.setContentLengthLong(body.length());
        if (request.getMethod().equals("HEAD")) {
            return;
        }
        Reply.FileRegion region = sendfileRegion(body, Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT)));
        if (region != null) {
            // a large cache hit: Tomcat sends the bytes from the entry file to the socket, not through the heap
            sendfile(region, request::setAttribute);
            return;
        }
        if (body.bytes() != null) {
            response.getOutputStream().write(body.bytes().get());
        } else if (body.file() != null) {
            stream(body.file(), response.getOutputStream());
        } else {
            body.stream().writeTo(response.getOutputStream());
        }
    }

    /** The part of a file a body is sent from by sendfile, or null when it is written from memory or streamed. */
    public static Reply.FileRegion sendfileRegion(Reply.Body body, boolean sendfileSupported) {
        return sendfileSupported && body.file() != null && body.length() >= SENDFILE_MIN_BYTES ? body.file() : null;
    }

    /** Asks Tomcat to send a region by sendfile, through the request attributes it reads when it commits the reply. */
    public static void sendfile(Reply.FileRegion region, BiConsumer<String, Object> requestAttribute) {
        requestAttribute.accept(SENDFILE_NAME, region.file().toAbsolutePath().toString());
        requestAttribute.accept(SENDFILE_START, region.offset());
        requestAttribute.accept(SENDFILE_END, region.offset() + region.length());
    }

    /**
     * A file region through one buffer. A file that shrank since its length was sent cannot be completed: the
     * exception makes Tomcat close the connection, so the client sees a short body, never a wrong one.
     */
    private static void stream(Reply.FileRegion region, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(region.file(), StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(STREAM_BUFFER, Math.max(1, region.length())));
            long position = region.offset();
            long end = region.offset() + region.length();
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new EOFException(region.file() + " ended at " + position + " of " + end + " bytes");
                }
                out.write(buffer.array(), 0, n);
                position += n;
            }
        }
    }

    private void failure(Reply.Failure failure, HttpServletResponse response) throws IOException {
        headers(new ServletHeaders(response), failure.headers());
        PropertyWriter writer = failure.format() != null ? failure.format()
                : new PropertyWriter(PropertyFormat.TEXT, null, null);
        ErrorResponse.send(response, failure.status(), ErrorResponse.properties(failure.title(), failure.message(),
                failure.errorDetail(), failure.stackTrace()), writer, clock.instant());
    }

    /**
     * Where a reply's headers go: the servlet response, or Tomcat's own (coyote) response on the direct hit path
     * ({@code ps.hits}), which so sets exactly the headers this writer sets. {@code set} replaces a value set before.
     */
    public interface Headers {
        String get(String name);

        void set(String name, String value);
    }

    private record ServletHeaders(HttpServletResponse response) implements Headers {
        @Override
        public String get(String name) {
            return response.getHeader(name);
        }

        @Override
        public void set(String name, String value) {
            response.setHeader(name, value);
        }
    }

    /** An entity's headers, in the order they are set, before its status, Content-Type and Content-Length. */
    public void entityHeaders(Reply.Entity entity, Headers out) {
        headers(out, entity.headers());
        if (entity.body().etag() != null) {
            out.set("ETag", entity.body().etag());
        }
        caching(out, entity.caching());
    }

    /** A 304's headers: those the full reply would have had, without its body's. */
    public void notModifiedHeaders(Reply.NotModified notModified, Headers out) {
        headers(out, notModified.headers());
        out.set("ETag", notModified.etag());
        caching(out, notModified.caching());
    }

    private void caching(Headers out, Reply.Caching caching) {
        if (caching.lastModifiedMillis() > 0) {
            // what HttpServletResponse.setDateHeader sets
            out.set("Last-Modified", FastHttpDateFormat.formatDate(caching.lastModifiedMillis()));
        }
        switch (caching.kind()) {
            case NONE -> { }
            case NO_STORE -> HttpCaching.notCacheable(out::set);
            case TTL -> HttpCaching.expiration(out::set, caching.ttlHours(), clock.instant());
        }
    }

    /** Sets the headers in order; an adding one appends to a value an earlier one set. */
    private static void headers(Headers out, List<Reply.Header> headers) {
        for (Reply.Header header : headers) {
            String existing = out.get(header.name());
            out.set(header.name(), header.add() && existing != null
                    ? existing + ", " + header.value() : header.value());
        }
    }
}
