package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.SourceImage;

/**
 * Whatever an installed ImageIO reader reads (PNG, GIF, TIFF, BMP, WebP, PSD, PICT, ...), with the errors for what
 * none reads. Last in the list: it accepts every file.
 */
final class ImageIoDecoder implements SourceDecoder {
    private final long maxSourcePixels;

    ImageIoDecoder(long maxSourcePixels) {
        this.maxSourcePixels = maxSourcePixels;
    }

    @Override
    public boolean accepts(SourceFile file) {
        return true;
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        SourceImage source = SourceImage.open(file.path(), maxSourcePixels);
        return Optional.of(new OpenSource.Raster(PixelSource.of(source), source.hasAlpha(), source::close));
    }
}
