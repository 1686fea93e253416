package org.imageserving.supervisor.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SupervisorLogsTest {
    @Test
    void theDateGoesBeforeTheSuffixAsDocumented() {
        assertThat(SupervisorLogs.dated(Path.of("/x/logs/ImageServer.log"))).isEqualTo("/x/logs/ImageServer-%d{yyyy-MM-dd}.log");
        assertThat(SupervisorLogs.dated(Path.of("/x/logs/Supervisor"))).isEqualTo("/x/logs/Supervisor-%d{yyyy-MM-dd}.log");
    }

    @Test
    void traceLevelsMapToLogLevels() {
        assertThat(SupervisorLogs.level(1)).isEqualTo(Level.WARN);
        assertThat(SupervisorLogs.level(2)).isEqualTo(Level.INFO);
        assertThat(SupervisorLogs.level(3)).isEqualTo(Level.DEBUG);
        assertThat(SupervisorLogs.level(4)).isEqualTo(Level.TRACE);
    }
}
