package org.imageserving.is.jpeg;

import java.awt.Rectangle;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.imageserving.is.color.EmbeddedRgbToSrgb;
import org.imageserving.is.render.FastPathSource;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.SourceImage;

/**
 * A JPEG source read by the native decoder with DCT scaling ("shrink on load"), so the decoder does the heavy part of
 * a large reduction and the separable resampler finishes it with its proper filter. The decoder reduces as far as the
 * reply's size allows, as sharp does by default ({@code fastShrinkOnLoad}) and libvips' thumbnailer did not: Huffman
 * decoding costs the same at any scale, but a 1/8 decode of a 12 MP photo takes a fifth less CPU than a 1/4 one, and
 * the conversion, copy and resampling after it a quarter. The 8×8 block average (a box filter) then does more of the
 * reduction than the resampler: against a Lanczos 3 reduction of the full image, a detailed photo's 400 px thumbnail
 * moves from 50.8 to 43.9 dB before encoding (invisible: differences show near 30 dB) and 35.73 to 35.71 dB as the Q80
 * JPEG reply (docs/performance.md).
 *
 * <p>A file with an RGB profile other than sRGB (Adobe RGB, Display P3) is decoded natively too and its reduced
 * pixels converted to sRGB ({@link EmbeddedRgbToSrgb}, in native memory before they are copied out; where the system
 * has no LittleCMS, {@link ProfileToSrgb}), where ImageIO would convert every source pixel. Adobe CMYK and
 * YCCK files are decoded reduced to their raw components ({@link LibjpegCmyk}) and converted with their CMYK profile
 * after the reduction ({@link CmykToSrgb}): ImageIO converts all of a 12 MP file's pixels, which took seconds.
 *
 * <p>Whatever the native path cannot do exactly as the ImageIO path does (see {@link JpegHeader#decodesNatively()}),
 * and a small window of a large image at full size (ImageIO reads only the rows down to the window), goes to the
 * {@link SourceImage} it wraps. A file the native decoder refuses goes there too, so damaged files get the ImageIO
 * path's error.
 */
public final class ShrinkOnLoadJpeg extends FastPathSource {
    /** Below this share of the image, a full-size window is read by ImageIO (region read) rather than decoded whole. */
    private static final double WHOLE_IMAGE_SHARE = 0.5;
    private final JpegHeader header;
    private final Optional<ICC_Profile> embedded;
    /** The conversion of {@link #embedded} by the system's LittleCMS; empty without it (the JDK's engine converts). */
    private final Optional<EmbeddedRgbToSrgb> toSrgb;
    /** Set for an Adobe CMYK or YCCK file, decoded to raw components and converted after the reduction. */
    private final CmykToSrgb cmyk;

    private ShrinkOnLoadJpeg(Path file, SourceImage fallback, JpegHeader header, Optional<ICC_Profile> embedded,
                             CmykToSrgb cmyk) {
        super(file, fallback);
        this.header = header;
        this.embedded = embedded;
        this.toSrgb = embedded.flatMap(EmbeddedRgbToSrgb::from);
        this.cmyk = cmyk;
    }

    /** The pixels of {@code source}: through the native decoder when that gives the same image, else through ImageIO. */
    public static PixelSource of(Path file, SourceImage source) {
        return nativeDecoding(file, source).orElseGet(() -> PixelSource.of(source));
    }

    static Optional<PixelSource> nativeDecoding(Path file, SourceImage source) {
        if (!source.formatName().equals("jpeg") || !NativeJpeg.available()) {
            return Optional.empty();
        }
        try {
            return JpegHeader.read(file).flatMap(h -> {
                if (h.decodesNatively()) {
                    return Optional.of(new ShrinkOnLoadJpeg(file, source, h, h.profileToConvert(), null));
                }
                if (h.adobeCmyk() && LibjpegCmyk.available()) {
                    return CmykToSrgb.of(h.iccProfile())
                            .map(c -> new ShrinkOnLoadJpeg(file, source, h, Optional.empty(), c));
                }
                return Optional.empty();
            });
        } catch (IOException e) {
            return Optional.empty(); // ImageIO reads it, or reports why it cannot
        }
    }

    /** The largest of 1/8, 1/4 and 1/2 that leaves the image at least as large as the reply (sharp's rule), else 1. */
    @Override
    public int subsampling(double reduction) {
        for (int denominator = 8; denominator > 1; denominator /= 2) {
            if (reduction >= denominator) {
                return denominator;
            }
        }
        return 1;
    }

    @Override
    public BufferedImage read(Rectangle region, int subsampling) {
        int denominator = Integer.highestOneBit(Math.max(1, Math.min(8, subsampling)));
        if (denominator != subsampling
                || (denominator == 1 && (double) region.width * region.height < WHOLE_IMAGE_SHARE * width() * height())) {
            return readWithImageIo(region, subsampling);
        }
        // Reduced pixel i covers source pixels [i * d, (i + 1) * d): the region maps to whole reduced pixels.
        int x0 = region.x / denominator;
        int y0 = region.y / denominator;
        int x1 = ceilDiv(region.x + region.width, denominator);
        int y1 = ceilDiv(region.y + region.height, denominator);
        try {
            Rectangle reduced = new Rectangle(x0, y0, x1 - x0, y1 - y0);
            BufferedImage decoded = cmyk != null
                    ? NativeJpeg.decodeCmyk(file, denominator, reduced, header, width(), height(), cmyk)
                    : NativeJpeg.decode(file, denominator, reduced, toSrgb);
            if (decoded != null) {
                if (embedded.isPresent() && toSrgb.isEmpty()) { // (CMYK: converted by decodeCmyk)
                    // converted after the reduction, as libvips does: 1/64 of the pixels at a 1/8 decode
                    ProfileToSrgb.convert(decoded, embedded.get());
                }
                return decoded;
            }
        } catch (IOException | RuntimeException e) {
            // the ImageIO path reads the file again and reports what is wrong with it, or with its profile: one Java
            // parses and LittleCMS cannot link (CMMException), or one whose header names no profile class
            // (IllegalArgumentException from ColorConvertOp)
        }
        return readWithImageIo(region, subsampling);
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
