package org.imageserving.is.encode;

import java.awt.color.ICC_Profile;
import java.awt.image.WritableRaster;

/**
 * What colour management adds to an encode: the CMYK pixels of a CMYK reply (0 = no ink), the profile
 * {@code iccEmbed=1} embeds, and the print resolution ({@code printRes=}) for the header.
 *
 * @param cmyk     four bands C, M, Y, K; null for RGB and gray replies, which the working image carries
 * @param embedded null: embed no profile
 * @param dpi      dots per inch; 0: write none
 */
public record ReplyColor(WritableRaster cmyk, ICC_Profile embedded, int dpi) {
    public static final ReplyColor NONE = new ReplyColor(null, null, 0);
}
