package org.imageserving.is.decode;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.SourceImage;

/**
 * A raster format with a faster path than ImageIO's (a {@link org.imageserving.is.render.FastPathSource}): the header,
 * the {@code IS::MaxNonDsfSize} guard and the errors come from ImageIO as for any source, the pixels from the fast
 * path, which hands back to ImageIO whatever it does not take.
 *
 * @param name        what the decoder is called in logs and in the order of {@link SourceDecoders#standard}
 * @param format      the only format it accepts, as {@link SourceFormat} tells it
 * @param fastPath    the pixel source over the file and its opened header
 */
record FastPathDecoder(String name, SourceFormat format, BiFunction<Path, SourceImage, PixelSource> fastPath,
                       long maxSourcePixels) implements SourceDecoder {
    @Override
    public boolean accepts(SourceFile file) {
        return file.format() == format;
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        SourceImage source = SourceImage.open(file.path(), maxSourcePixels);
        try {
            return Optional.of(new OpenSource.Raster(fastPath.apply(file.path(), source), source.hasAlpha(),
                    source::close));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
