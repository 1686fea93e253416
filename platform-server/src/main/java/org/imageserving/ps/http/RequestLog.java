package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access log's {@code %{Name}r} fields of one request as a request processor fills them in, without a servlet
 * request; the servlet adapter hands them to Tomcat's access log ({@link #applyTo}).
 */
public final class RequestLog {
    private final Map<String, String> fields = new LinkedHashMap<>();
    private boolean planReused;
    private int nestedRequests;

    public void set(String field, String value) {
        fields.put(field, value);
    }

    public String get(String field) {
        return fields.get(field);
    }

    /** {@code ProcessingStatus} per the documented categories, and the message as {@code Exception}. */
    public void error(int status, String message) {
        set("ProcessingStatus", AccessLogFields.processingStatus(status, message));
        set("Exception", message);
    }

    /** The request was answered with the plan of an earlier identical one (a metric counts them). */
    public void planReused() {
        planReused = true;
    }

    public boolean wasPlanReused() {
        return planReused;
    }

    /** Counts one more nested request ({@code src=is{…}}) made for this client request: the count so far. */
    public int nestedRequest() {
        return ++nestedRequests;
    }

    public void applyTo(HttpServletRequest request) {
        fields.forEach((field, value) -> AccessLogFields.set(request, field, value));
    }
}
