package org.imageserving.svg.render;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.DocumentLimits;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.renderer.NullPlatformSupport;
import com.github.weisj.jsvg.view.FloatSize;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * Rasterizes SVG with JSVG (chosen over Batik for speed, size and a narrow attack surface: docs/performance.md,
 * "SVG rasterizer choice"). Parsing goes through {@link SafeSvgInput}; every {@code href} goes through
 * {@link EmbeddedImages}.
 * The document is drawn straight at the pixel size the request needs, so edges stay sharp at any size.
 */
public final class SvgRasterizer {
    /** JSVG's defaults, with room for real illustrations (many paths) but bounded {@code <use>} chains. */
    private static final DocumentLimits LIMITS = new DocumentLimits(64, 15, 100_000);
    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final int platformServerPort;
    private final long maxPixels;
    private final Duration fetchTimeout;

    public SvgRasterizer(int platformServerPort, long maxPixels, Duration fetchTimeout) {
        this.platformServerPort = platformServerPort;
        this.maxPixels = maxPixels;
        this.fetchTimeout = fetchTimeout;
    }

    /** A parsed SVG, ready to draw at any size. */
    public final class Parsed {
        private final SVGDocument document;
        private final EmbeddedImages images;

        private Parsed(SVGDocument document, EmbeddedImages images) {
            this.document = document;
            this.images = images;
        }

        /** The size the file declares ({@code width}/{@code height}, else its {@code viewBox}), in pixels. */
        public FloatSize size() {
            FloatSize size = document.size();
            if (!(size.width > 0 && size.height > 0) || !Float.isFinite(size.width) || !Float.isFinite(size.height)) {
                throw SvgException.refused("the SVG declares no usable size (width, height or viewBox)");
            }
            return size;
        }

        public BufferedImage render(int width, int height) {
            if ((long) width * height > maxPixels) {
                throw SvgException.refused(String.format(
                        "SVG raster of %d x %d pixels is larger than the IS::SvgMAxRenderRgnPixels limit of %.1f megapixels",
                        width, height, maxPixels / 1e6));
            }
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
                document.renderWithPlatform(NullPlatformSupport.INSTANCE, g, new ViewBox(0, 0, width, height));
            } finally {
                g.dispose();
            }
            failOnRefusedReferences();
            return image;
        }

        private void failOnRefusedReferences() {
            if (!images.failed().isEmpty()) {
                throw SvgException.refused("SVG embeds an image that could not be loaded: " + images.failed().get(0));
            }
            if (!images.refused().isEmpty()) {
                throw SvgException.refused("SVG sources must be self-contained; not allowed: "
                        + String.join(", ", images.refused())
                        + " (only inline data:image and /is/image requests may be embedded)");
            }
        }
    }

    /** Parses {@code svg} with the request's variables (names in lower case, without {@code $}). */
    public Parsed parse(byte[] svg, Map<String, String> variables) {
        EmbeddedImages images = new EmbeddedImages(http, platformServerPort, maxPixels, fetchTimeout);
        SafeSvgInput input = new SafeSvgInput(svg, new VariableSubstitution(variables));
        LoaderContext context = LoaderContext.builder()
                .externalResourcePolicy(images)
                .resourceLoader(images)
                .documentLimits(LIMITS)
                .build();
        SVGDocument document;
        try {
            document = new SVGLoader().load(input, null, context);
        } catch (Exception e) {
            throw SvgException.refused("invalid SVG: " + oneLine(String.valueOf(e.getMessage())));
        }
        if (document == null) {
            String why = input.firstError();
            throw SvgException.refused("invalid SVG" + (why == null ? ": no <svg> root element" : ": " + oneLine(why)));
        }
        Parsed parsed = new Parsed(document, images);
        // <use> of another document is resolved while parsing: report it now, before any pixel is drawn.
        parsed.failOnRefusedReferences();
        return parsed;
    }

    /** StAX messages span lines ("ParseError at ...\nMessage: ..."); an error answer is one line. */
    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
