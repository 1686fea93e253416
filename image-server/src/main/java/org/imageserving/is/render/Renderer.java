package org.imageserving.is.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.request.ImageCommands;
import org.imageserving.is.source.SourceResolver;
import org.imageserving.is.svg.SvgDecoder;

/** The render pipeline, top to bottom: resolve the source, size the reply, decode (reduced if allowed), resize, encode. */
public final class Renderer {
    private final SourceResolver sources;
    private final ImageDecoder decoder;
    private final SvgDecoder svgDecoder;
    private final long maxRenderPixels;

    public Renderer(SourceResolver sources, ImageDecoder decoder, SvgDecoder svgDecoder, long maxRenderPixels) {
        this.sources = sources;
        this.decoder = decoder;
        this.svgDecoder = svgDecoder;
        this.maxRenderPixels = maxRenderPixels;
    }

    /** An encoded reply and the properties the Platform Server passes on (sizes, type, source time stamp). */
    public record Rendered(byte[] bytes, Map<String, String> properties) {}

    public Rendered render(RenderRequest request) {
        ImageCommands commands = ImageCommands.parse(request);
        Path file = sources.resolve(request.object());
        OutputSize[] size = new OutputSize[1];
        // An SVG is drawn by the SVG server at the output size; from then on it is an image like any other.
        ImageDecoder.Decoded decoded = SvgDecoder.isSvg(file)
                ? svgDecoder.decode(file, SvgDecoder.variables(request),
                        info -> size[0] = OutputSize.of(commands, info.width(), info.height(), maxRenderPixels))
                : decoder.decode(file, info -> {
                    size[0] = OutputSize.of(commands, info.width(), info.height(), maxRenderPixels);
                    return size[0].decoderReduction(info.width(), info.height());
                });
        BufferedImage resized = Resampler.resize(decoded.image(), size[0].width(), size[0].height());
        byte[] bytes = ImageEncoder.encode(resized, commands.format(), commands.quality());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("contentType", commands.format().mimeType());
        properties.put("image.width", Integer.toString(size[0].width()));
        properties.put("image.height", Integer.toString(size[0].height()));
        properties.put("source.width", Integer.toString(decoded.source().width()));
        properties.put("source.height", Integer.toString(decoded.source().height()));
        properties.put("source.lastModified", Long.toString(lastModified(file)));
        return new Rendered(bytes, properties);
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
