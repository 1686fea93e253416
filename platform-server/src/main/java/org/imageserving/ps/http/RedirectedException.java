package org.imageserving.ps.http;

import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The request failed in a way redirect on error covers and was forwarded to the error-redirect server: its reply is to
 * be relayed as it is, or, when that server could not be reached, the plain text error is sent (documented: even when
 * a default or error image is configured).
 */
public final class RedirectedException extends RuntimeException {
    private final transient HttpResponse<byte[]> reply;

    public RedirectedException(HttpResponse<byte[]> reply) {
        super(null, null, false, false);
        this.reply = reply;
    }

    private RedirectedException(String failure) {
        super(failure, null, false, false);
        this.reply = null;
    }

    /** The secondary server did not answer; {@code failure} is the error to send instead. */
    public static RedirectedException unreachable(String failure) {
        return new RedirectedException(failure);
    }

    /** The secondary server's reply; empty when it could not be reached. */
    public Optional<HttpResponse<byte[]>> reply() {
        return Optional.ofNullable(reply);
    }
}
