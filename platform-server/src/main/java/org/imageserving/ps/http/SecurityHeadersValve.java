package org.imageserving.ps.http;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * {@code X-Content-Type-Options: nosniff} on every reply of the Platform Server: images, properties, static content,
 * errors. A browser that sniffs could run an uploaded or static file served as {@code text/plain} or an image type
 * as HTML or script in the server's origin. Set before anything else runs, so that a servlet's own headers and the
 * error valves (which reset the reply and set it again, see {@link PlainTextErrorValve}) keep it.
 */
public final class SecurityHeadersValve extends ValveBase {
    public static final String NOSNIFF_HEADER = "X-Content-Type-Options";
    public static final String NOSNIFF = "nosniff";

    public SecurityHeadersValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        response.setHeader(NOSNIFF_HEADER, NOSNIFF);
        getNext().invoke(request, response);
    }
}
