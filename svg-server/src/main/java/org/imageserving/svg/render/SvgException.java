package org.imageserving.svg.render;

/**
 * An SVG that cannot be rasterized, with the HTTP status the Platform Server should answer: 403 for anything the
 * file or the request is to blame for (invalid, too large, forbidden reference, too slow), as for other usage errors.
 */
public final class SvgException extends RuntimeException {
    private final int status;

    public SvgException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static SvgException refused(String message) {
        return new SvgException(403, message);
    }

    public int status() {
        return status;
    }
}
