package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The access log's {@code %{Name}r} fields of one request as a request processor fills them in, without a servlet
 * request; the servlet adapter hands them to Tomcat's access log ({@link #applyTo}).
 */
public final class RequestLog {
    /** The request attribute that holds the fields for the access log ({@link AccessLogFields#get}). */
    public static final String ATTRIBUTE = "org.imageserving.accesslog.fields";
    private final Map<String, String> fields = new LinkedHashMap<>();
    private boolean planReused;
    private int nestedRequests;

    public void set(String field, String value) {
        fields.put(field, value);
    }

    public String get(String field) {
        return fields.get(field);
    }

    /** Whether the field was set, to null or empty too (the log writes those as {@code -}). */
    boolean has(String field) {
        return fields.containsKey(field);
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

    /**
     * Hands the fields to the access log as one request attribute: Tomcat's {@code setAttribute} costs a map entry
     * and a copy of the context's listener list, and a dozen of them per request showed in profiles of cache hits.
     * A request that already carries another log (never seen; a dispatch could do it) gets these fields added to
     * that one, where they replace its values.
     */
    public void applyTo(HttpServletRequest request) {
        Object earlier = request.getAttribute(ATTRIBUTE);
        if (earlier instanceof RequestLog other && other != this) {
            other.fields.putAll(fields);
        } else {
            request.setAttribute(ATTRIBUTE, this);
        }
    }
}
