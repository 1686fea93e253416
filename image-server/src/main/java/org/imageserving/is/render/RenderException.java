package org.imageserving.is.render;

/**
 * A request the Image Server cannot answer with an image, with the HTTP status the Platform Server should use.
 * Statuses follow the documented categories: 403 for missing images and usage errors, 500 for server faults.
 */
public final class RenderException extends RuntimeException {
    private final int status;
    private final boolean unreadableSource;

    private RenderException(int status, String message, Throwable cause) {
        this(status, message, cause, false);
    }

    private RenderException(int status, String message, Throwable cause, boolean unreadableSource) {
        super(message, cause);
        this.status = status;
        this.unreadableSource = unreadableSource;
    }

    /**
     * The source file exists but cannot be decoded (corrupt, truncated, not an image): a usage error (403) that the
     * Platform Server may redirect to its secondary server ({@code PS::errorRedirect.*}), unlike other usage errors.
     */
    public static RenderException unreadableSource(String message, Throwable cause) {
        return new RenderException(403, message, cause, true);
    }

    public static RenderException notFound(String message) {
        return new RenderException(403, message, null);
    }

    public static RenderException badRequest(String message) {
        return new RenderException(403, message, null);
    }

    public static RenderException forbidden(String message) {
        return new RenderException(403, message, null);
    }

    /** A component this render needs (the SVG server) is down or restarting: 503, worth retrying shortly. */
    public static RenderException unavailable(String message, Throwable cause) {
        return new RenderException(503, message, cause);
    }

    /**
     * The Image Server is too busy to render this now (its queue is full, or the request waited or ran past its
     * deadline): 503, which the Platform Server passes on with {@code Retry-After}.
     */
    public static RenderException overloaded(String message) {
        return new RenderException(503, message, null);
    }

    public static RenderException serverError(String message, Throwable cause) {
        return new RenderException(500, message, cause);
    }

    public int status() {
        return status;
    }

    public boolean unreadableSource() {
        return unreadableSource;
    }
}
