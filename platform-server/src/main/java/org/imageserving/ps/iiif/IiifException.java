package org.imageserving.ps.iiif;

/**
 * A IIIF request that cannot be answered, with the status the Image API gives it: 400 for bad syntax or a request the
 * image cannot satisfy (a region outside it, upscaling without {@code ^}, a size above the limits), 404 for an
 * unknown identifier, 501 for a feature this server does not have.
 */
public final class IiifException extends RuntimeException {
    private final int status;

    public IiifException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static IiifException badRequest(String message) {
        return new IiifException(400, message);
    }
}
