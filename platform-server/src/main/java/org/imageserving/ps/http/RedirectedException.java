package org.imageserving.ps.http;

import java.net.http.HttpResponse;

/** The request was answered by the error-redirect server; its reply is to be relayed as it is. */
public final class RedirectedException extends RuntimeException {
    private final transient HttpResponse<byte[]> reply;

    public RedirectedException(HttpResponse<byte[]> reply) {
        super(null, null, false, false);
        this.reply = reply;
    }

    public HttpResponse<byte[]> reply() {
        return reply;
    }
}
