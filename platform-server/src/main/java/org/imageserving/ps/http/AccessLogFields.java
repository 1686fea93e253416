package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code %{Name}r} fields of the access log, set as request attributes. Values are written with spaces and
 * {@code %} encoded ({@code %20}, {@code %25}) so that tools like {@code playlog} can split a line at spaces.
 */
public final class AccessLogFields {
    private AccessLogFields() {}

    public static void set(HttpServletRequest request, String field, String value) {
        request.setAttribute(field, value == null || value.isEmpty() ? "-" : value.replace("%", "%25").replace(" ", "%20"));
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
