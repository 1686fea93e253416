package org.imageserving.is.svg;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.imageserving.common.svg.SvgRasterFrames;
import org.imageserving.common.wire.ComponentUnavailableException;
import org.imageserving.common.wire.FrameTooLargeException;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.common.wire.FrameType;
import org.imageserving.is.render.RenderException;

/**
 * The Image Server's connection to the SVG server on IS::SVGTcpPort. SVG is parsed and drawn in that separate
 * process so that a hostile file can at worst take that process down, never the Image Server.
 */
public final class SvgRasterClient implements AutoCloseable {
    private final FrameClient client;

    /**
     * @param renderTimeout how long the SVG server may take (SVG::SVGRender.timeout); we wait a little longer, so
     *                      that its own "too slow" answer arrives rather than our timeout
     */
    public SvgRasterClient(int port, Duration renderTimeout, int poolSize, long maxPixels) {
        this.client = new FrameClient("svg", port, Duration.ofSeconds(2), renderTimeout.plusSeconds(5), poolSize,
                maxPixels * 4 + (1 << 20));
    }

    /** The SVG's declared size in pixels: {@code [width, height]}. */
    public double[] measure(byte[] svg, Map<String, String> variables) {
        Frame answer = exchange(SvgRasterFrames.request(svg, variables, OptionalInt.empty(), OptionalInt.empty()));
        try {
            return new double[] {Double.parseDouble(answer.header(SvgRasterFrames.SVG_WIDTH)),
                    Double.parseDouble(answer.header(SvgRasterFrames.SVG_HEIGHT))};
        } catch (NullPointerException | NumberFormatException e) {
            throw RenderException.serverError("the SVG server sent no size", e);
        }
    }

    /** The SVG drawn at exactly {@code width} x {@code height}, as ARGB. */
    public BufferedImage render(byte[] svg, Map<String, String> variables, int width, int height) {
        Frame answer = exchange(SvgRasterFrames.request(svg, variables, OptionalInt.of(width), OptionalInt.of(height)));
        try {
            return SvgRasterFrames.image(answer);
        } catch (RuntimeException e) {
            throw RenderException.serverError("the SVG server sent an unusable raster: " + e.getMessage(), e);
        }
    }

    private Frame exchange(Frame request) {
        Frame answer;
        try {
            answer = client.exchange(request);
        } catch (ComponentUnavailableException e) {
            throw RenderException.unavailable("the SVG server is not answering (it may be restarting): "
                    + e.getMessage(), e);
        } catch (FrameTooLargeException e) {
            throw RenderException.badRequest("too many variables for the SVG server: " + e.getMessage());
        }
        if (answer.type() == FrameType.ERROR) {
            String message = answer.header("message");
            if ("403".equals(answer.header("status"))) {
                throw RenderException.badRequest(message);
            }
            if ("503".equals(answer.header("status"))) {
                throw RenderException.unavailable(message, null);
            }
            throw RenderException.serverError(message, null);
        }
        return answer;
    }

    @Override
    public void close() {
        client.close();
    }
}
