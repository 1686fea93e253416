package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.is.render.SourceImage;
import org.imageserving.is.webp.ScaledWebp;

/** WebP files, cropped and scaled by libwebp while decoding; the header and what libwebp cannot do go through ImageIO. */
final class WebpDecoder implements SourceDecoder {
    private final long maxSourcePixels;

    WebpDecoder(long maxSourcePixels) {
        this.maxSourcePixels = maxSourcePixels;
    }

    @Override
    public boolean accepts(SourceFile file) {
        return file.format() == SourceFormat.WEBP;
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        SourceImage source = SourceImage.open(file.path(), maxSourcePixels);
        try {
            return Optional.of(new OpenSource.Raster(ScaledWebp.of(file.path(), source), source.hasAlpha(), source::close));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }
}
