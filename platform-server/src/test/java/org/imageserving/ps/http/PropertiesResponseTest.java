package org.imageserving.ps.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertiesResponseTest {
    private static final Instant NOW = Instant.parse("2025-11-27T13:00:00Z");

    @Test
    void theFormatTokenPicksTheWriterAndHandlerAndIdReachJson() {
        Map<String, String> props = Map.of("catalog.expiration", "3");
        assertThat(PropertiesResponse.format(" JSON ", props, "cb", "42", NOW).text())
                .isEqualTo("/*jsonp*/cb({\"catalog.expiration\":\"3\"},\"42\");");
        assertThat(PropertiesResponse.format("", props, "cb", "42", NOW).text())
                .isEqualTo("#S7Z OK\n#Thu Nov 27 13:00:00 UTC 2025\ncatalog.expiration=3\n");
        assertThatThrownBy(() -> PropertiesResponse.format("yaml", props, null, null, NOW))
                .isInstanceOf(RequestException.class).hasMessageContaining("unknown property format 'yaml'");
    }

    @Test
    void textErrorsComeFromTheSameWriter() {
        Map<String, String> error = ErrorResponse.properties("Invalid request", "bad\nvalue", 3,
                "java.lang.Exception: x\n\tat a.B.c(B.java:1)\n");
        assertThat(error).isEqualTo(new LinkedHashMap<>(Map.of("error.title", "Invalid request",
                "error.message", "bad value", "error.stackTrace", "java.lang.Exception: x\n\tat a.B.c(B.java:1)")));
        assertThat(ErrorResponse.properties("Invalid request", "bad", 1, "trace")).containsOnlyKeys("error.title");
    }
}
