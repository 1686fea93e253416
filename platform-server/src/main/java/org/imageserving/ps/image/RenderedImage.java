package org.imageserving.ps.image;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An encoded reply: MIME type, bytes, the properties the Image Server reported ({@code image.width},
 * {@code source.lastModified}, ...) and the ETag, the quoted MD5 of the bytes.
 *
 * <p>A reply fresh from the Image Server holds its bytes. A reply from the response cache holds where they lie in the
 * entry file instead ({@link #file()}), so that a cache hit goes from disk to socket by sendfile; its bytes are read
 * only if something asks for {@link #body()}.
 */
public final class RenderedImage {
    /** Bytes {@code offset} to {@code offset + length} of a file that is never rewritten in place. */
    public record FileRegion(Path file, long offset, long length) {}

    private final String contentType;
    private final Map<String, String> properties;
    private final String etag;
    private final long length;
    private final FileRegion file;
    private final Supplier<byte[]> reader;
    private volatile byte[] body;

    public RenderedImage(String contentType, byte[] body, Map<String, String> properties) {
        this(contentType, body, properties, md5(body));
    }

    public RenderedImage(String contentType, byte[] body, Map<String, String> properties, String etag) {
        this.contentType = contentType;
        this.properties = Map.copyOf(properties);
        this.etag = etag;
        this.length = body.length;
        this.file = null;
        this.reader = null;
        this.body = body;
    }

    private RenderedImage(String contentType, Map<String, String> properties, String etag, FileRegion file,
                          Supplier<byte[]> reader) {
        this.contentType = contentType;
        this.properties = Map.copyOf(properties);
        this.etag = etag;
        this.length = file.length();
        this.file = file;
        this.reader = reader;
    }

    /** A stored reply; {@code reader} reads (and checks) its bytes when they are needed in memory after all. */
    public static RenderedImage stored(String contentType, Map<String, String> properties, String etag, FileRegion file,
                                       Supplier<byte[]> reader) {
        return new RenderedImage(contentType, properties, etag, file, reader);
    }

    public String contentType() {
        return contentType;
    }

    public Map<String, String> properties() {
        return properties;
    }

    public String property(String name) {
        return properties.getOrDefault(name, "");
    }

    public String etag() {
        return etag;
    }

    public long length() {
        return length;
    }

    public Optional<FileRegion> file() {
        return Optional.ofNullable(file);
    }

    public byte[] body() {
        byte[] bytes = body;
        if (bytes == null) {
            bytes = reader.get();
            body = bytes;
        }
        return bytes;
    }

    /** The quoted MD5 of the bytes, as an ETag. */
    public static String md5(byte[] bytes) {
        try {
            return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
