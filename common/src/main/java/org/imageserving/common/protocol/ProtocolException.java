package org.imageserving.common.protocol;

/**
 * A request the protocol model refuses: an unknown command, a command or request type that is not supported yet.
 * Both servers answer it as a usage error (403 with this message), as the documentation's "Errors" page prescribes
 * for invalid requests.
 */
public final class ProtocolException extends RuntimeException {
    private final String command;

    public ProtocolException(String command, String message) {
        super(message);
        this.command = command;
    }

    /** The command (as the client spelled it, or its documented name) the refusal is about. */
    public String command() {
        return command;
    }
}
