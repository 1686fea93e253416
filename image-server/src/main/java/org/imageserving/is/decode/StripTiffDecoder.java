package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.is.render.SourceImage;
import org.imageserving.is.tiff.StripTiff;

/**
 * TIFFs that are not pyramids: the header, the {@code IS::MaxNonDsfSize} guard and the errors through ImageIO as for
 * any source, the pixels of plain 8-bit RGB(A) strip files through libtiff, reduced while they stream.
 */
final class StripTiffDecoder implements SourceDecoder {
    private final long maxSourcePixels;

    StripTiffDecoder(long maxSourcePixels) {
        this.maxSourcePixels = maxSourcePixels;
    }

    @Override
    public boolean accepts(SourceFile file) {
        return file.format() == SourceFormat.TIFF;
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        SourceImage source = SourceImage.open(file.path(), maxSourcePixels);
        try {
            return Optional.of(new OpenSource.Raster(StripTiff.of(file.path(), source), source.hasAlpha(),
                    source::close));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }
}
