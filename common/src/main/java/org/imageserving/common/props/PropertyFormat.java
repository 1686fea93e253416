package org.imageserving.common.props;

import java.util.Locale;
import java.util.Optional;

/**
 * The four property reply formats of the Image Serving protocol ("Properties" in the HTTP protocol's response data
 * pages: Text (Java) properties, JavaScript properties, XML properties, JSONP properties) and their MIME types.
 */
public enum PropertyFormat {
    TEXT("text/plain"),
    JAVASCRIPT("text/javascript"),
    XML("text/xml"),
    JSON("text/javascript");

    private final String mimeType;

    PropertyFormat(String mimeType) {
        this.mimeType = mimeType;
    }

    public String mimeType() {
        return mimeType;
    }

    /** The {@code Content-Type} of a reply: the bodies are always UTF-8. */
    public String contentType() {
        return mimeType + "; charset=UTF-8";
    }

    /** The format token of {@code req=type,format}; an empty or absent token is {@link #TEXT}. */
    public static Optional<PropertyFormat> parse(String token) {
        String t = token == null ? "" : token.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "", "text" -> Optional.of(TEXT);
            case "javascript" -> Optional.of(JAVASCRIPT);
            case "xml" -> Optional.of(XML);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
