package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.is.render.PyramidTiffSource;

/**
 * Pyramid TIFFs, read from the level nearest the reply's resolution. Exempt from {@code IS::MaxNonDsfSize}: their cost
 * does not grow with their size. A TIFF that is not a pyramid is left to the decoders after this one.
 */
final class PyramidTiffDecoder implements SourceDecoder {
    @Override
    public boolean accepts(SourceFile file) {
        return file.format().isTiff();
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        return file.remote().map(remote -> PyramidTiffSource.open(file.remote().get().file(), remote))
                .orElseGet(() -> PyramidTiffSource.open(file.path()))
                .map(pyramid -> new OpenSource.Raster(pyramid, pyramid.hasAlpha(), pyramid::close));
    }
}
