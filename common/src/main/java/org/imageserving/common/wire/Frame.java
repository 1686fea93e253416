package org.imageserving.common.wire;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One message between components. Headers are kept sorted, so a frame built from equal requests is byte-for-byte
 * equal; the body is raw bytes (an encoded image) and is not copied.
 */
public record Frame(FrameType type, Map<String, String> headers, byte[] body) {
    private static final byte[] EMPTY = new byte[0];

    public Frame {
        headers = Collections.unmodifiableMap(new TreeMap<>(headers));
        body = body == null ? EMPTY : body;
    }

    public static Frame of(FrameType type, Map<String, String> headers) {
        return new Frame(type, headers, EMPTY);
    }

    /** ERROR header: why a render failed, when the Platform Server treats that cause specially. */
    public static final String ERROR_REASON = "reason";
    /** {@link #ERROR_REASON} of a source that exists but cannot be decoded (redirect on error applies). */
    public static final String UNREADABLE_SOURCE = "unreadable-source";
    /** ERROR header: the failing component's stack trace, shown to clients only at {@code ErrorDetail=3}. */
    public static final String ERROR_TRACE = "trace";

    public static Frame error(int status, String message) {
        return of(FrameType.ERROR, Map.of("status", Integer.toString(status), "message", message));
    }

    /** An ERROR frame with further headers ({@link #ERROR_REASON}, {@link #ERROR_TRACE}). */
    public static Frame error(int status, String message, Map<String, String> details) {
        Map<String, String> headers = new TreeMap<>(details);
        headers.put("status", Integer.toString(status));
        headers.put("message", message);
        return of(FrameType.ERROR, headers);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
