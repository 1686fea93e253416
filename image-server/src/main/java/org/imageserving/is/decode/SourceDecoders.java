package org.imageserving.is.decode;

import java.util.List;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.is.gif.StreamedGif;
import org.imageserving.is.jpeg.ShrinkOnLoadJpeg;
import org.imageserving.is.png.StreamedPng;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.svg.SvgDecoder;
import org.imageserving.is.tiff.StripTiff;
import org.imageserving.is.webp.ScaledWebp;

/** The decoders of the Image Server, asked in order; adding a source format is adding a decoder and one line here. */
public final class SourceDecoders {
    private final List<SourceDecoder> decoders;

    public SourceDecoders(List<SourceDecoder> decoders) {
        this.decoders = List.copyOf(decoders);
    }

    /**
     * Most specific first: a format with a faster or better path than ImageIO's comes before ImageIO, which takes the
     * rest.
     *
     * @param maxSourcePixels {@code IS::MaxNonDsfSize}
     */
    public static SourceDecoders standard(long maxSourcePixels, SvgDecoder svg) {
        return new SourceDecoders(List.of(
                new SvgSourceDecoder(svg),                // drawn at the reply's size, never by a raster reader
                new PyramidTiffDecoder(),                 // read by level; a TIFF that is not a pyramid falls through
                // shrink on load
                new FastPathDecoder("jpeg", SourceFormat.JPEG, ShrinkOnLoadJpeg::of, maxSourcePixels),
                // cropped and scaled by libwebp
                new FastPathDecoder("webp", SourceFormat.WEBP, ScaledWebp::of, maxSourcePixels),
                // plain RGB(A) strips by libtiff, reduced as they stream
                new FastPathDecoder("strip tiff", SourceFormat.TIFF, StripTiff::of, maxSourcePixels),
                // RGB(A), palette, gray rows reduced as they stream
                new FastPathDecoder("png", SourceFormat.PNG, StreamedPng::of, maxSourcePixels),
                // the first image's rows decoded and reduced as they stream
                new FastPathDecoder("gif", SourceFormat.GIF, StreamedGif::of, maxSourcePixels),
                new ImageIoDecoder(maxSourcePixels)));    // the rest, and the errors for what nothing reads
    }

    List<SourceDecoder> decoders() {
        return decoders;
    }

    /** The source opened by the first decoder that takes it; the caller closes it. */
    public OpenSource open(SourceFile file) {
        for (SourceDecoder decoder : decoders) {
            if (decoder.accepts(file)) {
                var opened = decoder.open(file);
                if (opened.isPresent()) {
                    return opened.get();
                }
            }
        }
        throw RenderException.unreadableSource("unsupported or corrupt image format: " + file.path().getFileName(), null);
    }
}
