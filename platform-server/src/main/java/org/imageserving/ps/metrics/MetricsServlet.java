package org.imageserving.ps.metrics;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.imageserving.ps.health.HealthServlet;

/**
 * {@code /is/metrics}: the registry in Prometheus' text format, or OpenMetrics when the scraper's {@code Accept} asks
 * for it. Clients that {@link MetricsAccess} does not allow get 403.
 */
public final class MetricsServlet extends HttpServlet {
    /** Same attribute as the health servlet's: scrapes every few seconds are not traffic for the access log. */
    private static final String NOT_LOGGED = HealthServlet.NOT_LOGGED;
    private final PrometheusRegistry registry;
    private final MetricsAccess access;
    private final transient ExpositionFormats formats = ExpositionFormats.init();

    public MetricsServlet(PrometheusRegistry registry, MetricsAccess access) {
        this.registry = registry;
        this.access = access;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!access.allows(request.getRemoteAddr()) || forwarded(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "/is/metrics answers loopback clients and the networks in PS::" + MetricsAccess.SETTING
                            + " only, and no request a proxy relayed");
            return;
        }
        request.setAttribute(NOT_LOGGED, Boolean.TRUE);
        ExpositionFormatWriter writer = formats.findWriter(request.getHeader("Accept"));
        if (!writer.isAvailable()) {
            writer = formats.getPrometheusTextFormatWriter(); // protobuf needs a module this server does not ship
        }
        // Written aside first: a failing collector becomes a 500, not a truncated 200.
        ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
        writer.write(body, registry.scrape());
        response.setContentType(writer.getContentType());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.size());
        if (!request.getMethod().equals("HEAD")) {
            body.writeTo(response.getOutputStream());
        }
    }

    /**
     * A proxy on this host (HAProxy, Varnish) relays its clients from loopback, and marks what it relays: such a
     * request is a client's, not the operator's scraper, as for {@code /is/cache}. A trusted proxy that Tomcat's
     * {@code RemoteIpValve} has already resolved leaves no such header, and is judged by the client's address.
     */
    private static boolean forwarded(HttpServletRequest request) {
        return request.getHeader("X-Forwarded-For") != null || request.getHeader("Forwarded") != null;
    }
}
