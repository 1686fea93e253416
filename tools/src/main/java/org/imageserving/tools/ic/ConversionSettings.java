package org.imageserving.tools.ic;

import org.imageserving.tools.ptiff.Compression;

/**
 * What ic does to each file, from its options.
 *
 * @param compression requested tile compression (JPEG falls back to deflate for alpha and 16-bit images)
 * @param jpegQuality -jpegquality
 * @param fullSampleChroma -fullsamplechrominance
 * @param usm -usm on the reduced levels, or null
 * @param filter -downsample2x2 / -downsample8x8
 * @param dpi -dpi, or 0 to copy the source's
 * @param embedColorProfile -embedColorProfile
 * @param embedXmp -embedXmpData
 * @param applyClipPath -applyClippath
 * @param maintainPixelType -maintainpixeltype
 * @param autoCrop -autocrop, or null
 * @param maxMemoryBytes -maxmem / -maxmempercent
 * @param color -imageprofile, -viewprofile, render intent and black point compensation
 * @param forceJpegDecompress never copy a JPEG source's data into the full-resolution level: -forceJPEGDecompress, or no -jpegPassThrough
 */
public record ConversionSettings(Compression compression, int jpegQuality, boolean fullSampleChroma, UnsharpMask usm,
        DownsampleFilter filter, double dpi, boolean embedColorProfile, boolean embedXmp, boolean applyClipPath,
        boolean maintainPixelType, AutoCrop autoCrop, long maxMemoryBytes, ColorManagement color,
        boolean forceJpegDecompress) {

    public static ConversionSettings defaults() {
        return new ConversionSettings(Compression.DEFLATE, 95, false, null, DownsampleFilter.LANCZOS_8X8, 0, false,
                false, false, false, null, Long.MAX_VALUE, ColorManagement.none(),
                false);
    }
}
