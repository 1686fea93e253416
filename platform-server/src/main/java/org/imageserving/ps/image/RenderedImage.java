package org.imageserving.ps.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * An encoded reply as the Image Server produced it: MIME type, bytes and the properties it reported
 * ({@code image.width}, {@code source.lastModified}, ...). The ETag is the quoted MD5 of the bytes.
 */
public record RenderedImage(String contentType, byte[] body, Map<String, String> properties) {
    public RenderedImage {
        properties = Map.copyOf(properties);
    }

    public String etag() {
        try {
            return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    public String property(String name) {
        return properties.getOrDefault(name, "");
    }
}
