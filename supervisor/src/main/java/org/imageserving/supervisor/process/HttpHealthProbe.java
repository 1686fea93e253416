package org.imageserving.supervisor.process;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.imageserving.common.health.HealthReport;

/** Probes the Platform Server through Tomcat: {@code GET /is/health} on loopback must answer 200 with its report. */
public final class HttpHealthProbe implements HealthProbe {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI uri;

    public HttpHealthProbe(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/is/health");
    }

    @Override
    public Optional<HealthReport> probe(Duration timeout) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            int millis = (int) Math.max(1, timeout.toMillis());
            connection.setConnectTimeout(millis);
            connection.setReadTimeout(millis);
            connection.setUseCaches(false);
            if (connection.getResponseCode() != 200) {
                return Optional.empty();
            }
            try (InputStream in = connection.getInputStream()) {
                Map<String, String> body = JSON.readValue(in, new TypeReference<Map<String, String>>() {});
                return Optional.of(HealthReport.fromHeaders(body));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
