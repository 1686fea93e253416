package org.imageserving.ps.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import org.imageserving.common.health.HealthReport;

/**
 * {@code /is/health}: the supervisor's liveness probe for the Platform Server. Callers on loopback get the process
 * figures (pid, heap); everyone else only learns that the server is up.
 */
public final class HealthServlet extends HttpServlet {
    /** Request attribute that keeps a request out of the access log. */
    public static final String NOT_LOGGED = "org.imageserving.notLogged";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean loopback = isLoopback(request.getRemoteAddr());
        if (loopback) {
            request.setAttribute(NOT_LOGGED, Boolean.TRUE);
        }
        Object body = loopback
                ? withStatus(HealthReport.current("ps").toHeaders())
                : Map.of("status", "ok");
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-cache, no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }

    private static Map<String, String> withStatus(Map<String, String> report) {
        report.put("status", "ok");
        return report;
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
