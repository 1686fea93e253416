package org.imageserving.ps.content;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.reply.ReplyWriter;

/** {@code /is/content}: the servlet adapter of {@link StaticContentProcessor}, sharing the image servlet's writer. */
public final class StaticContentServlet extends HttpServlet {
    private final StaticContentProcessor processor;
    private final ReplyWriter writer;

    public StaticContentServlet(StaticContentProcessor processor, ReplyWriter writer) {
        this.processor = processor;
        this.writer = writer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ClientRequest client = ClientRequest.from(request, request.getQueryString());
        Reply reply = processor.process(client);
        client.log().applyTo(request);
        writer.write(reply, request, response);
    }
}
