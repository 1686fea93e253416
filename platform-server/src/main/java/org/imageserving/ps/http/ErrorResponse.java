package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The documented text error reply: {@code #S7Z ERROR}, {@code error.title} and, from {@code attribute::ErrorDetail}
 * 2 on, {@code error.message} (user-level detail that may name paths; levels 0 and 1 are for public servers).
 */
public final class ErrorResponse {
    /** The detail level that includes {@code error.message}. */
    public static final int DETAILED = 2;

    private ErrorResponse() {}

    public static void send(HttpServletResponse response, int status, String title, String message) throws IOException {
        send(response, status, title, message, DETAILED);
    }

    public static void send(HttpServletResponse response, int status, String title, String message, int errorDetail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        if (status == 503) {
            response.setHeader("Retry-After", "5");
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain; charset=UTF-8");
        StringBuilder text = new StringBuilder("#S7Z ERROR\nerror.title=").append(oneLine(title)).append('\n');
        if (errorDetail >= DETAILED) {
            text.append("error.message=").append(oneLine(message)).append('\n');
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }
}
