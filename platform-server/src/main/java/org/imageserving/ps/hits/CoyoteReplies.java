package org.imageserving.ps.hits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import org.apache.coyote.Request;
import org.apache.coyote.Response;
import org.apache.tomcat.util.http.FastHttpDateFormat;
import org.apache.tomcat.util.http.MimeHeaders;
import org.imageserving.ps.http.SecurityHeadersValve;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.reply.ReplyWriter;

/**
 * Writes a cache hit's {@link Reply} on Tomcat's own (coyote) response, with the headers the servlet path gives it:
 * {@code X-Content-Type-Options} as {@link SecurityHeadersValve} sets it first, then what {@link ReplyWriter} sets
 * (through its {@link ReplyWriter.Headers}, so the two cannot drift apart), then {@code Content-Type},
 * {@code Content-Length} and {@code Date} where Tomcat would add them when it commits, all as bytes
 * ({@link HeaderBytes}).
 */
final class CoyoteReplies {
    private final ReplyWriter writer;

    CoyoteReplies(ReplyWriter writer) {
        this.writer = writer;
    }

    /**
     * Whether this reply is written here exactly as the servlet path would write it: a 200 whose body is in memory or
     * in a file (streamed bodies stay with the servlet path) with a content type without parameters (Catalina
     * rewrites a charset), or a 304; and no rule-set header that Tomcat treats as the body's own
     * ({@code Content-Type}, {@code Content-Length}) or drops (no name).
     */
    static boolean writable(Reply reply) {
        if (reply instanceof Reply.Entity entity) {
            Reply.Body body = entity.body();
            return entity.status() == 200 && body.bytes() != null && body.stream() == null && body.contentType() != null
                    && !body.contentType().isEmpty() && body.contentType().indexOf(';') < 0
                    && plainHeaders(entity.headers());
        }
        return reply instanceof Reply.NotModified notModified && plainHeaders(notModified.headers());
    }

    private static boolean plainHeaders(List<Reply.Header> headers) {
        for (Reply.Header header : headers) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("content-type") || name.equals("content-length")) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets status and headers and writes the body: {@code body} from memory, or {@code sendfile} by Tomcat once the
     * adapter returns (both null for a 304 or HEAD). The caller finishes the response. Only {@link #writable} replies.
     */
    void write(Reply reply, byte[] body, Reply.FileRegion sendfile, Request request, Response response)
            throws IOException {
        CoyoteHeaders headers = new CoyoteHeaders(response);
        headers.set(SecurityHeadersValve.NOSNIFF_HEADER, SecurityHeadersValve.NOSNIFF);
        MimeHeaders mime = response.getMimeHeaders();
        if (reply instanceof Reply.Entity entity) {
            writer.entityHeaders(entity, headers);
            response.setStatus(entity.status());
            // where Http11Processor.prepareResponse would add them from setContentType and setContentLength
            mime.addValue("Content-Type").setString(entity.body().contentType());
            mime.addValue("Content-Length").setLong(entity.body().length());
            response.setContentLength(entity.body().length());
        } else if (reply instanceof Reply.NotModified notModified) {
            writer.notModifiedHeaders(notModified, headers);
            response.setStatus(304);
        }
        if (mime.getValue("Date") == null) {
            mime.addValue("Date").setString(FastHttpDateFormat.getCurrentDate());
        }
        HeaderBytes.encode(mime);
        if (sendfile != null) {
            ReplyWriter.sendfile(sendfile, request::setAttribute);
        } else if (body != null) {
            response.doWrite(ByteBuffer.wrap(body));
        }
    }

    /** {@link ReplyWriter.Headers} on the coyote response, with the servlet response's rules for setting one. */
    private record CoyoteHeaders(Response response) implements ReplyWriter.Headers {
        @Override
        public String get(String name) {
            return response.getMimeHeaders().getHeader(name);
        }

        @Override
        public void set(String name, String value) {
            if (name != null && !name.isEmpty()) {
                response.setHeader(name, value);
            }
        }
    }
}
