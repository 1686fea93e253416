package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.is.png.StreamedPng;
import org.imageserving.is.render.SourceImage;

/**
 * PNGs: the header, the {@code IS::MaxNonDsfSize} guard and the errors through ImageIO as for any source, the pixels
 * of non-interlaced 8- and 16-bit RGB(A), palette and 8-bit gray files decoded row by row and reduced while they
 * stream.
 */
final class StreamedPngDecoder implements SourceDecoder {
    private final long maxSourcePixels;

    StreamedPngDecoder(long maxSourcePixels) {
        this.maxSourcePixels = maxSourcePixels;
    }

    @Override
    public boolean accepts(SourceFile file) {
        return file.format() == SourceFormat.PNG;
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        SourceImage source = SourceImage.open(file.path(), maxSourcePixels);
        try {
            return Optional.of(new OpenSource.Raster(StreamedPng.of(file.path(), source), source.hasAlpha(),
                    source::close));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }
}
