package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The documented text error reply: {@code #S7Z ERROR}, then {@code error.title} and {@code error.message}. */
public final class ErrorResponse {
    private ErrorResponse() {}

    public static void send(HttpServletResponse response, int status, String title, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        if (status == 503) {
            response.setHeader("Retry-After", "5");
        }
        response.setHeader("Cache-Control", "no-cache, no-store");
        response.setContentType("text/plain; charset=UTF-8");
        byte[] body = ("#S7Z ERROR\nerror.title=" + oneLine(title) + "\nerror.message=" + oneLine(message) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }
}
