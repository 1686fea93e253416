package org.imageserving.is.request;

import java.util.Locale;
import java.util.Optional;

/** Values of {@code fmt=} that the Image Server can encode today, with the documented MIME types. */
public enum OutputFormat {
    JPEG("jpeg", "image/jpeg"),
    PNG("png", "image/png");

    private final String token;
    private final String mimeType;

    OutputFormat(String token, String mimeType) {
        this.token = token;
        this.mimeType = mimeType;
    }

    public String token() {
        return token;
    }

    public String mimeType() {
        return mimeType;
    }

    public static Optional<OutputFormat> parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("jpg")) {
            return Optional.of(JPEG);
        }
        for (OutputFormat format : values()) {
            if (format.token.equals(v)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
