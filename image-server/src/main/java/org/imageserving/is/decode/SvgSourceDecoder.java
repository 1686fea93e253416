package org.imageserving.is.decode;

import java.util.Optional;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.source.s3.RemoteObject;
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
        if (file.remote().isPresent()) {
            // as for a file: by name, else by its first bytes (the first block, which any decoder would read next)
            RemoteObject remote = file.remote().get();
            return SvgDecoder.isSvg(remote.name(), () -> {
                byte[] head = remote.head(SourceFormat.HEAD_BYTES);
                return SourceFormat.of(head, head.length);
            });
        }
        return SvgDecoder.isSvg(file.path());
    }

    @Override
    public Optional<OpenSource> open(SourceFile file) {
        if (!file.underRoots()) {
            // the SVG server reads the documents under the roots only
            throw RenderException.badRequest("an SVG document cannot be a nested or foreign source");
        }
        // the SVG server is sent the document's bytes, whether they lie in a folder or a bucket
        SvgDecoder.Svg document = file.remote().isPresent()
                ? svg.open(file.remote().get(), SvgDecoder.variables(file.request()))
                : svg.open(file.path(), SvgDecoder.variables(file.request()));
        return Optional.of(new OpenSource.Vector(document.width(), document.height(),
                (width, height) -> svg.draw(document, width, height)));
    }
}
