package org.imageserving.tools.validate;

import java.util.Set;

/**
 * What validate checks.
 *
 * @param fileTypes the accepted types from -jpeg, -ptif, -any
 * @param readPixels -readPixels: decode every pixel
 * @param validateColorProfile -validatecolorprofile
 * @param reject16Bit -reject16BitPerComponent
 * @param maxPixels the largest image accepted (checked from the header, before any decoding)
 */
public record ValidationRules(Set<FileType> fileTypes, boolean readPixels, boolean validateColorProfile,
        boolean reject16Bit, long maxPixels) {
    /** The absolute cap of our decompression-bomb guard (not documented; our choice): 2 gigapixels. */
    public static final long DEFAULT_MAX_PIXELS = 2L << 30;

    public enum FileType { JPEG, PTIF, ANY }
}
