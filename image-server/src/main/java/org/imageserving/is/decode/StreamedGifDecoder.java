package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.is.gif.StreamedGif;
import org.imageserving.is.render.SourceImage;

/**
 * GIFs: the header, the {@code IS::MaxNonDsfSize} guard and the errors through ImageIO as for any source, the pixels
 * of the first image decoded row by row and reduced while they stream.
 */
final class StreamedGifDecoder implements SourceDecoder {
    private final long maxSourcePixels;

    StreamedGifDecoder(long maxSourcePixels) {
        this.maxSourcePixels = maxSourcePixels;
    }

    @Override
    public boolean accepts(SourceFile file) {
        return file.format() == SourceFormat.GIF;
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        SourceImage source = SourceImage.open(file.path(), maxSourcePixels);
        try {
            return Optional.of(new OpenSource.Raster(StreamedGif.of(file.path(), source), source.hasAlpha(),
                    source::close));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }
}
