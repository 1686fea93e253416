package org.imageserving.ps.request;

import java.util.Locale;

/**
 * Browser format conversion ({@code bfc=on}, catalog {@code attribute::Bfc}): a JPEG or PNG reply becomes WebP for a
 * client whose {@code Accept} header names {@code image/webp}, the one modern format the Image Server writes (AVIF and
 * JPEG 2000, which the original also picks, are not written yet). JPEG keeps its quality (lossy WebP); PNG keeps its
 * pixels and alpha (lossless WebP). Other formats and clients are left as they are. The reply varies with
 * {@code Accept}; the cache key holds the chosen {@code fmt}, not the header, so clients share entries.
 */
public final class BrowserFormat {
    private BrowserFormat() {}

    /** Whether a {@code bfc=} value (or the catalog's {@code Bfc}) turns the conversion on. */
    public static boolean on(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.equals("on") || v.equals("true") || v.equals("1");
    }

    /**
     * The {@code fmt=} value to render with: {@code fmt} (null: the default, JPEG) converted for a client that
     * accepts WebP, else unchanged (null stays null).
     */
    public static String choose(String fmt, String accept) {
        if (accept == null || !acceptsWebp(accept)) {
            return fmt;
        }
        String format = fmt == null ? "jpeg" : fmt.split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        String rest = fmt == null || fmt.indexOf(',') < 0 ? "" : fmt.substring(fmt.indexOf(','));
        String pixelType = rest.isEmpty() ? "" : rest.substring(1).split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!pixelType.isEmpty() && !pixelType.equals("rgb")) {
            return fmt; // WebP has no gray or CMYK replies: keep what was asked for
        }
        return switch (format) {
            case "jpeg", "jpg", "pjpeg" -> "webp";
            case "png" -> "webp,rgb,lossless";
            case "png-alpha" -> "webp-alpha,rgb,lossless";
            default -> fmt;
        };
    }

    static boolean acceptsWebp(String accept) {
        for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = range.split(";");
            if (parts[0].strip().equals("image/webp") && !zeroQuality(parts)) {
                return true;
            }
        }
        return false;
    }

    private static boolean zeroQuality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            if (p.startsWith("q=")) {
                try {
                    return Double.parseDouble(p.substring(2).strip()) <= 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
