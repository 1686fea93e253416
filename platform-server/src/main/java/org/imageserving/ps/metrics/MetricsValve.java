package org.imageserving.ps.metrics;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.imageserving.ps.http.AccessLogFields;

/**
 * Counts and times every HTTP request, after the servlets have answered: they already record the request type and
 * the cache use as access-log fields (ReqType, CacheUse), so the metrics read the same facts without a line in the
 * servlets. The scrape itself and the supervisor's health probes are left out.
 */
public final class MetricsValve extends ValveBase {
    private final PsMetrics metrics;

    public MetricsValve(PsMetrics metrics) {
        super(true);
        this.metrics = metrics;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            getNext().invoke(request, response);
        } finally {
            count(metrics, request.getRequestURI(), attribute(request, "ReqType"), attribute(request, "CacheUse"),
                    request.getAttribute(PsMetrics.PLAN_REUSED) != null, response.getStatus(),
                    System.nanoTime() - start);
        }
    }

    /**
     * Counts one answered request as this valve does; the direct hit path ({@code ps.hits}), which answers below the
     * valves, counts its requests here too.
     *
     * @param reqType  the access log's ReqType field as the log writes it
     * @param cacheUse the access log's CacheUse field as the log writes it
     */
    public static void count(PsMetrics metrics, String uri, String reqType, String cacheUse, boolean planReused,
                             int status, long nanos) {
        String context = context(uri);
        if (context != null) {
            metrics.request(context, reqType, status, nanos);
            metrics.cacheUse(cacheUse);
            if (planReused) {
                metrics.planReused();
            }
        }
    }

    private static String context(String uri) {
        if (uri == null) {
            return "other";
        }
        if (uri.equals("/is/metrics") || uri.equals("/is/health")) {
            return null;
        }
        if (uri.equals("/is/image") || uri.startsWith("/is/image/")) {
            return "image";
        }
        if (uri.equals("/is/content") || uri.startsWith("/is/content/")) {
            return "content";
        }
        if (uri.startsWith("/iiif/")) {
            return "iiif";
        }
        return "other";
    }

    private static String attribute(Request request, String name) {
        return AccessLogFields.get(request, name);
    }
}
