package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.is.jpeg.ShrinkOnLoadJpeg;
import org.imageserving.is.render.SourceImage;

/**
 * JPEGs, decoded by libjpeg-turbo with DCT scaling (shrink on load) when it gives the image ImageIO would give; the
 * header, the {@code IS::MaxNonDsfSize} guard and every other JPEG go through ImageIO as for any source.
 */
final class NativeJpegDecoder implements SourceDecoder {
    private final long maxSourcePixels;

    NativeJpegDecoder(long maxSourcePixels) {
        this.maxSourcePixels = maxSourcePixels;
    }

    @Override
    public boolean accepts(SourceFile file) {
        return file.format() == SourceFormat.JPEG;
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        SourceImage source = SourceImage.open(file.path(), maxSourcePixels);
        try {
            return Optional.of(new OpenSource.Raster(ShrinkOnLoadJpeg.of(file.path(), source), source.hasAlpha(),
                    source::close));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }
}
