package org.imageserving.is.encode;

import java.awt.color.ICC_Profile;
import java.awt.image.WritableRaster;

/**
 * What colour management and the metadata commands add to an encode: the CMYK pixels of a CMYK reply (0 = no ink),
 * the profile {@code iccEmbed=1} embeds, the print resolution ({@code printRes=}) and the XMP packet
 * ({@code xmpEmbed=1}) for the header.
 *
 * @param cmyk     four bands C, M, Y, K; null for RGB and gray replies, which the working image carries
 * @param embedded null: embed no profile
 * @param dpi      dots per inch; 0: write none
 * @param xmp      the source's XMP packet, written unchanged by the JPEG and TIFF encoders; null: none
 */
public record ReplyColor(WritableRaster cmyk, ICC_Profile embedded, int dpi, byte[] xmp) {
    public static final ReplyColor NONE = new ReplyColor(null, null, 0, null);

    public ReplyColor(WritableRaster cmyk, ICC_Profile embedded, int dpi) {
        this(cmyk, embedded, dpi, null);
    }
}
