package org.imageserving.ps.image;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.metrics.PsMetrics;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.reply.ReplyWriter;

/**
 * {@code /is/image}: the servlet adapter of {@link ImageRequestProcessor}. It turns the servlet request into an
 * {@link ClientRequest}, has the processor answer it, hands the access log its fields and writes the reply; the
 * protocol itself lives in the processor.
 */
public final class ImageServlet extends HttpServlet {
    static final int MAX_POST_BYTES = 64 * 1024;
    private final ImageRequestProcessor processor;
    private final ReplyWriter writer;

    public ImageServlet(ImageRequestProcessor processor, ReplyWriter writer) {
        this.processor = processor;
        this.writer = writer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, request.getQueryString());
    }

    /**
     * A form POST is the same request as a GET with the body as query string (so that logged POSTs can be replayed);
     * any other body is refused.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            writer.write(new Reply.Failure(415, "Unsupported media type",
                    "POST needs an application/x-www-form-urlencoded body holding the query", 2, "", null, List.of()),
                    request, response);
            return;
        }
        Optional<String> body = formQuery(request.getInputStream());
        if (body.isEmpty()) {
            writer.write(new Reply.Failure(413, "Request too large", "a POST body holds at most " + MAX_POST_BYTES / 1024
                    + " KB of query", 2, "", null, List.of()), request, response);
            return;
        }
        answer(request, response, body.get());
    }

    /**
     * The query a form POST carries, or empty when the body is longer than {@link #MAX_POST_BYTES}: cut short, it
     * would be another request (its last command truncated, the ones after it lost), so it is refused whole.
     */
    static Optional<String> formQuery(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_POST_BYTES + 1);
        if (bytes.length > MAX_POST_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new String(bytes, StandardCharsets.ISO_8859_1).strip());
    }

    private void answer(HttpServletRequest request, HttpServletResponse response, String query) throws IOException {
        ClientRequest client = ClientRequest.from(request, query);
        Reply reply = processor.process(client);
        client.log().applyTo(request);
        if (client.log().wasPlanReused()) {
            request.setAttribute(PsMetrics.PLAN_REUSED, Boolean.TRUE);
        }
        writer.write(reply, request, response);
    }
}
