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
 */
public record TiffOptions(Compression compression, int jpegQuality, boolean fullSampleChroma, double dpi,
        byte[] iccProfile, byte[] xmp, String software) {
    public static final int TILE_SIZE = 256;
}
