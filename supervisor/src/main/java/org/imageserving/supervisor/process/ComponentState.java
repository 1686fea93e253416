package org.imageserving.supervisor.process;

import java.util.Locale;

/** Where a supervised component is in its life; the lower-case name is what {@code status} prints. */
public enum ComponentState {
    STARTING, RUNNING, RESTARTING, BACKOFF, STOPPED, FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
