package org.imageserving.ps.http;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Refuses every method but {@code GET}, {@code HEAD}, {@code POST} (a form POST is a GET, as documented) and
 * {@code OPTIONS} (CORS preflights of the IIIF API) with 405 and {@code Allow}, in the protocol's text error form,
 * before any servlet runs. Without it a method the servlet API does not know ({@code FOO}, {@code PROPFIND}) was
 * answered 501 "Server error", which reads as a fault of the server and counts as one in the error-rate alerts.
 */
public final class MethodValve extends ValveBase {
    static final Set<String> ALLOWED = Set.of("GET", "HEAD", "POST", "OPTIONS");

    public MethodValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        String method = request.getMethod();
        // a request line Tomcat could not parse reaches the pipeline without a method, to have its 400 reported
        if (method == null || ALLOWED.contains(method)) {
            getNext().invoke(request, response);
            return;
        }
        response.setStatus(405);
        response.setHeader("Allow", "GET, HEAD, POST");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("#S7Z ERROR\nerror.title=Method not allowed\nerror.message=only GET, HEAD and POST "
                + "are served\n");
        response.finishResponse();
    }
}
