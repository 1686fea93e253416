package org.imageserving.is.request;

import java.util.Locale;
import java.util.Optional;

/** Values of {@code fmt=} that the Image Server encodes, with the documented MIME types (the "fmt" page). */
public enum OutputFormat {
    JPEG("jpeg", "image/jpeg", false, false),
    PJPEG("pjpeg", "image/jpeg", false, false),
    PNG("png", "image/png", false, false),
    PNG_ALPHA("png-alpha", "image/png", true, false),
    PNG8("png8", "image/png", false, true),
    PNG8_ALPHA("png8-alpha", "image/png", true, true),
    GIF("gif", "image/gif", false, true),
    GIF_ALPHA("gif-alpha", "image/gif", true, true),
    TIF("tif", "image/tiff", false, false),
    TIF_ALPHA("tif-alpha", "image/tiff", true, false),
    WEBP("webp", "image/webp", false, false),
    WEBP_ALPHA("webp-alpha", "image/webp", true, false),
    AVIF("avif", "image/avif", false, false),
    AVIF_ALPHA("avif-alpha", "image/avif", true, false);

    private final String token;
    private final String mimeType;
    private final boolean alpha;
    private final boolean palette;

    OutputFormat(String token, String mimeType, boolean alpha, boolean palette) {
        this.token = token;
        this.mimeType = mimeType;
        this.alpha = alpha;
        this.palette = palette;
    }

    public String token() {
        return token;
    }

    public String mimeType() {
        return mimeType;
    }

    /** Whether the reply keeps transparency; the others are flattened onto {@code bgc}. */
    public boolean hasAlpha() {
        return alpha;
    }

    /** Palette formats, the ones {@code quantize=} applies to. */
    public boolean isPalette() {
        return palette;
    }

    public boolean isJpeg() {
        return this == JPEG || this == PJPEG;
    }

    public boolean isTiff() {
        return this == TIF || this == TIF_ALPHA;
    }

    public boolean isWebp() {
        return this == WEBP || this == WEBP_ALPHA;
    }

    public boolean isAvif() {
        return this == AVIF || this == AVIF_ALPHA;
    }

    public static Optional<OutputFormat> parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.equals("jpg")) {
            return Optional.of(JPEG);
        }
        if (v.equals("web-alpha")) { // the documented format list's spelling of webp-alpha
            return Optional.of(WEBP_ALPHA);
        }
        for (OutputFormat format : values()) {
            if (format.token.equals(v)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
