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

    public static Frame error(int status, String message) {
        return of(FrameType.ERROR, Map.of("status", Integer.toString(status), "message", message));
    }

    public String header(String name) {
        return headers.get(name);
    }
}
