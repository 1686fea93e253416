package org.imageserving.ps.http;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code %{Name}r} fields of the access log, set as request attributes. Values are written with spaces and
 * {@code %} encoded ({@code %20}, {@code %25}) so that tools like {@code playlog} can split a line at spaces.
 */
public final class AccessLogFields {
    private AccessLogFields() {}

    public static void set(HttpServletRequest request, String field, String value) {
        request.setAttribute(field, encoded(value));
    }

    /**
     * A field as the access log writes it: an attribute of that name, else the value in the request's
     * {@link RequestLog}; null when neither has it.
     */
    public static String get(ServletRequest request, String field) {
        Object direct = request.getAttribute(field);
        if (direct != null) {
            return direct.toString();
        }
        if (request.getAttribute(RequestLog.ATTRIBUTE) instanceof RequestLog log && log.has(field)) {
            return encoded(log.get(field));
        }
        return null;
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
