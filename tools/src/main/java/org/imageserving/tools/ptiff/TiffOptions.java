package org.imageserving.tools.ptiff;

/**
 * How a pyramid TIFF is written.
 *
 * @param compression tile compression; JPEG only for 8-bit images without alpha
 * @param jpegQuality 0-100, as ic's -jpegquality
 * @param fullSampleChroma JPEG without chroma subsampling (-fullsamplechrominance)
 * @param dpi print resolution, or 0 for none
 * @param iccProfile ICC profile to embed, or null
 * @param xmp XMP packet to embed unchanged, or null
 * @param software value of the Software tag
 * @param dateTime value of the DateTime tag (the Platform Server validates cached replies by it), or null for none
 */
public record TiffOptions(Compression compression, int jpegQuality, boolean fullSampleChroma, double dpi,
        byte[] iccProfile, byte[] xmp, String software, java.time.Instant dateTime) {
    public static final int TILE_SIZE = 256;

    /** Without a DateTime tag. */
    public TiffOptions(Compression compression, int jpegQuality, boolean fullSampleChroma, double dpi,
                       byte[] iccProfile, byte[] xmp, String software) {
        this(compression, jpegQuality, fullSampleChroma, dpi, iccProfile, xmp, software, null);
    }
}
