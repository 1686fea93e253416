package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.props.PropertyFormat;
import org.imageserving.common.props.PropertyWriter;

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
        send(response, status, properties(title, message, errorDetail, stackTrace),
                new PropertyWriter(PropertyFormat.TEXT, null, null), Instant.now());
    }

    /**
     * The error reply: never cached, {@code Retry-After} with a 503, the properties in the writer's format (the text
     * form, or that of a property request).
     */
    public static void send(HttpServletResponse response, int status, Map<String, String> properties,
                            PropertyWriter writer, Instant now) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        if (status == 503) {
            response.setHeader("Retry-After", "5");
        }
        response.setHeader("Cache-Control", "no-store");
        PropertyWriter.Reply body = writer.error(properties, now);
        response.setContentType(body.contentType());
        response.setContentLength(body.body().length);
        response.getOutputStream().write(body.body());
    }

    /** The documented error properties for a detail level, in their order. */
    public static Map<String, String> properties(String title, String message, int errorDetail, String stackTrace) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("error.title", oneLine(title));
        if (errorDetail >= DETAILED) {
            properties.put("error.message", oneLine(message));
        }
        if (errorDetail >= WITH_STACK_TRACE && !stackTrace.isEmpty()) {
            properties.put("error.stackTrace", stackTrace.strip());
        }
        return properties;
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
