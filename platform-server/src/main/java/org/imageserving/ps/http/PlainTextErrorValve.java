package org.imageserving.ps.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Errors that Tomcat produces itself (an unknown context, a malformed URL) in the protocol's text error format instead
 * of Tomcat's HTML page, and without naming the server software.
 */
public final class PlainTextErrorValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String title = switch (status) {
            case 404 -> "Not found";
            case 400 -> "Bad request";
            case 405 -> "Method not allowed";
            case 413, 414, 431 -> "Request too large";
            default -> status < 500 ? "Invalid request" : "Server error";
        };
        String message = status == 404 ? "no such resource: " + request.getDecodedRequestURI() : title;
        try {
            // Tomcat resets the reply before reporting an exception: the header set on the way in is gone then
            response.setHeader(SecurityHeadersValve.NOSNIFF_HEADER, SecurityHeadersValve.NOSNIFF);
            response.setContentType("text/plain");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("#S7Z ERROR\nerror.title=" + title + "\nerror.message="
                    + message.replace('\n', ' ').replace('\r', ' ') + "\n");
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing more to say
        }
    }
}
