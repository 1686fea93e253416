package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.svg.SvgDecoder;

/** SVG documents, measured and drawn by the SVG server. */
final class SvgSourceDecoder implements SourceDecoder {
    private final SvgDecoder svg;

    SvgSourceDecoder(SvgDecoder svg) {
        this.svg = svg;
    }

    @Override
    public boolean accepts(SourceFile file) {
        // the SVG server reads documents under the folder roots only: a drawing in a bucket is not served
        return file.remote().isEmpty() && SvgDecoder.isSvg(file.path());
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        if (!file.underRoots()) {
            // the SVG server reads the documents under the roots only
            throw RenderException.badRequest("an SVG document cannot be a nested or foreign source");
        }
        SvgDecoder.Svg document = svg.open(file.path(), SvgDecoder.variables(file.request()));
        return Optional.of(new OpenSource.Vector(document.width(), document.height(),
                (width, height) -> svg.draw(document, width, height)));
    }
}
