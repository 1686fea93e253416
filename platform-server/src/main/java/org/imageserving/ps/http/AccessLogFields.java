package org.imageserving.ps.http;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code %{Name}r} fields of the access log, set as request attributes. Values are written with spaces and
 * {@code %} encoded ({@code %20}, {@code %25}) so that tools like {@code playlog} can split a line at spaces.
 */
public final class AccessLogFields {
    private AccessLogFields() {}

    /** Sets a field: in the request's {@link RequestLog} once it has one (so that the later value wins), else as an attribute. */
    public static void set(HttpServletRequest request, String field, String value) {
        if (request.getAttribute(RequestLog.ATTRIBUTE) instanceof RequestLog log) {
            log.set(field, value);
        } else {
            request.setAttribute(field, encoded(value));
        }
    }

    /**
     * A field as the access log writes it: the value in the request's {@link RequestLog}, else an attribute of that
     * name; null when neither has it. The log is asked first: most fields of a line are in it, and Tomcat looks an
     * absent attribute up in three tables.
     */
    public static String get(ServletRequest request, String field) {
        if (request.getAttribute(RequestLog.ATTRIBUTE) instanceof RequestLog log && log.has(field)) {
            return encoded(log.get(field));
        }
        Object direct = request.getAttribute(field);
        return direct == null ? null : direct.toString();
    }

    /** A field of {@code log} as the access log writes it; null when the log does not have it. */
    public static String get(RequestLog log, String field) {
        return log.has(field) ? encoded(log.get(field)) : null;
    }

    private static String encoded(String value) {
        return value == null || value.isEmpty() ? "-" : value.replace("%", "%25").replace(" ", "%20");
    }

    /** {@code ProcessingStatus} per the documented categories: 2 usage/content error, 3 server error, 4 refused/overload. */
    public static void error(HttpServletRequest request, int status, String message) {
        set(request, "ProcessingStatus", processingStatus(status, message));
        set(request, "Exception", message);
    }

    static String processingStatus(int status, String message) {
        return status == 503 ? "4" : status >= 500 ? "3"
                : message != null && message.startsWith("image not found") ? "1" : "2";
    }
}
