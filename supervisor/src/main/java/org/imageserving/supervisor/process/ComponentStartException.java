package org.imageserving.supervisor.process;

/** A component that could not be brought up during {@code start}. */
public final class ComponentStartException extends RuntimeException {
    private final String component;

    public ComponentStartException(String component, String cause) {
        super("component '" + component + "' " + cause);
        this.component = component;
    }

    public String component() {
        return component;
    }
}
