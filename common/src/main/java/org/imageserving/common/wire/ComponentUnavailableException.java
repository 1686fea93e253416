package org.imageserving.common.wire;

/** A component could not be reached or did not answer in time: down, restarting, or hung. */
public class ComponentUnavailableException extends RuntimeException {
    private final String component;

    public ComponentUnavailableException(String component, String message, Throwable cause) {
        super(message, cause);
        this.component = component;
    }

    public String component() {
        return component;
    }
}
