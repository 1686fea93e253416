package org.imageserving.ps.request;

import java.util.Locale;
import org.imageserving.common.imaging.avif.LibheifProbe;

/**
 * Browser format conversion ({@code bfc=on}, catalog {@code attribute::Bfc}): a JPEG or PNG reply becomes AVIF for a
 * client whose {@code Accept} header names {@code image/avif}, else WebP for one that names {@code image/webp}, in the
 * order of the Smart Imaging page (AVIF, WebP, then JPEG XR and JPEG 2000, which the Image Server does not write).
 * AVIF only where this machine's libheif can encode it ({@link LibheifProbe}; the Image Server runs beside us).
 * JPEG keeps its quality (lossy); PNG keeps its pixels and alpha (lossless). Other formats and clients are left as
 * they are. The reply varies with {@code Accept}; the cache key holds the chosen {@code fmt}, not the header, so
 * clients share entries.
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
     * accepts AVIF (when this machine writes it) or WebP, else unchanged (null stays null).
     */
    public static String choose(String fmt, String accept) {
        return choose(fmt, accept, LibheifProbe.systemMissing().isEmpty());
    }

    /** {@link #choose(String, String)} with AVIF writable or not. */
    static String choose(String fmt, String accept, boolean avifWritable) {
        if (accept == null) {
            return fmt;
        }
        String target = avifWritable && accepts(accept, "image/avif") ? "avif"
                : accepts(accept, "image/webp") ? "webp" : null;
        if (target == null) {
            return fmt;
        }
        String format = fmt == null ? "jpeg" : fmt.split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        String rest = fmt == null || fmt.indexOf(',') < 0 ? "" : fmt.substring(fmt.indexOf(','));
        String pixelType = rest.isEmpty() ? "" : rest.substring(1).split(",", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!pixelType.isEmpty() && !pixelType.equals("rgb")) {
            return fmt; // WebP and AVIF have no gray or CMYK replies: keep what was asked for
        }
        return switch (format) {
            case "jpeg", "jpg", "pjpeg" -> target;
            case "png" -> target + ",rgb,lossless";
            case "png-alpha" -> target + "-alpha,rgb,lossless";
            default -> fmt;
        };
    }

    static boolean accepts(String accept, String type) {
        for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = range.split(";");
            if (parts[0].strip().equals(type) && !zeroQuality(parts)) {
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
