package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The documented text error reply: {@code #S7Z ERROR}, {@code error.title} and, from {@code attribute::ErrorDetail}
 * 2 on, {@code error.message} (user-level detail that may name paths; levels 0 and 1 are for public servers); at 3
 * also {@code error.stackTrace}, the Java stack trace of the failure, escaped like every text property value
 * ({@code \n}, {@code \t}) so the body stays one property per line.
 */
public final class ErrorResponse {
    /** The detail level that includes {@code error.message}. */
    public static final int DETAILED = 2;
    /** The detail level that adds the stack trace. */
    public static final int WITH_STACK_TRACE = 3;

    private ErrorResponse() {}

    public static void send(HttpServletResponse response, int status, String title, String message) throws IOException {
        send(response, status, title, message, DETAILED);
    }

    public static void send(HttpServletResponse response, int status, String title, String message, int errorDetail)
            throws IOException {
        send(response, status, title, message, errorDetail, "");
    }

    /** @param stackTrace the failure's stack trace, sent only at {@link #WITH_STACK_TRACE} */
    public static void send(HttpServletResponse response, int status, String title, String message, int errorDetail,
                            String stackTrace) throws IOException {
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
        if (errorDetail >= WITH_STACK_TRACE && !stackTrace.isEmpty()) {
            text.append("error.stackTrace=").append(PropertiesResponse.escapeProperty(stackTrace.strip())).append('\n');
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The stack trace of a failure as {@link Throwable#printStackTrace()} writes it. */
    public static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /**
     * What {@code ErrorDetail=3} shows for a refused request: the Image Server's trace when it failed there (that is
     * where the cause is), else the Platform Server's.
     */
    public static String stackTrace(RequestException e) {
        return e.remoteTrace().isEmpty() ? stackTrace((Throwable) e) : e.remoteTrace();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }
}
