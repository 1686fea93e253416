package org.imageserving.supervisor.process;

import java.time.Duration;
import java.util.Optional;
import org.imageserving.common.health.HealthReport;

/** Asks a running component whether it still serves: a process that is alive but hung must be told apart. */
public interface HealthProbe {
    /** The component's report, or empty if it did not answer correctly within {@code timeout}. */
    Optional<HealthReport> probe(Duration timeout);
}
