package org.imageserving.ps.iiif;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.imageserving.ps.http.ClientRequest;
import org.imageserving.ps.reply.Reply;
import org.imageserving.ps.reply.ReplyWriter;

/**
 * {@code /iiif/3/*}: the servlet adapter of {@link IiifProcessor}. It turns the servlet request into a
 * {@link ClientRequest} whose path is the part after {@code /iiif/3/}, works out the service's public base URI (the
 * request's scheme and host, or {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} from a proxy in front) and
 * writes the reply. CORS preflights are answered here.
 */
public final class IiifServlet extends HttpServlet {
    private final IiifProcessor processor;
    private final ReplyWriter writer;

    public IiifServlet(IiifProcessor processor, ReplyWriter writer) {
        this.processor = processor;
        this.writer = writer;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ClientRequest client = ClientRequest.from(request, null);
        Reply reply = processor.process(client, base(request));
        client.log().applyTo(request);
        writer.write(reply, request, response);
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
        String headers = request.getHeader("Access-Control-Request-Headers");
        if (headers != null) {
            response.setHeader("Access-Control-Allow-Headers", headers);
        }
        response.setHeader("Access-Control-Max-Age", "86400");
        response.setStatus(204);
    }

    /** {@code scheme://host[:port]/iiif/3} as the client sees it. */
    static String base(HttpServletRequest request) {
        String scheme = first(request.getHeader("X-Forwarded-Proto"));
        if (scheme == null || !scheme.matches("(?i)https?")) {
            scheme = request.getScheme();
        }
        String host = first(request.getHeader("X-Forwarded-Host"));
        if (host == null || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            host = request.getHeader("Host");
        }
        if (host == null || !host.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            int port = request.getServerPort();
            boolean defaultPort = port == 80 && scheme.equalsIgnoreCase("http")
                    || port == 443 && scheme.equalsIgnoreCase("https");
            host = request.getServerName() + (defaultPort ? "" : ":" + port);
        }
        return scheme.toLowerCase(Locale.ROOT) + "://" + host + request.getContextPath() + request.getServletPath();
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",")[0].strip();
        return value.isEmpty() ? null : value;
    }
}
