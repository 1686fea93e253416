package org.imageserving.common.svg;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameType;

/**
 * The Image Server ↔ SVG server exchange. The Image Server sends a {@link FrameType#RENDER} frame whose body is the
 * SVG file and whose headers carry the substitution variables ({@code var.<name>}) and, to rasterize, the pixel size
 * the request needs ({@code width}, {@code height}). Without a size the SVG server only measures: it answers an
 * {@link FrameType#IMAGE} frame with the intrinsic size ({@code svg.width}, {@code svg.height}) and no body. With a
 * size the body is the raster as raw non-premultiplied ARGB, one big-endian int per pixel, row by row: on loopback,
 * copying 4 bytes a pixel is far cheaper than a lossless encode and decode.
 */
public final class SvgRasterFrames {
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String SVG_WIDTH = "svg.width";
    public static final String SVG_HEIGHT = "svg.height";
    public static final String VARIABLE_PREFIX = "var.";
    public static final String CONTENT_TYPE = "contentType";
    public static final String RAW_ARGB = "image/x-raw-argb";

    private SvgRasterFrames() {}

    /** A measure request ({@code width}/{@code height} absent) or a render request at that pixel size. */
    public static Frame request(byte[] svg, Map<String, String> variables, OptionalInt width, OptionalInt height) {
        Map<String, String> headers = new LinkedHashMap<>();
        variables.forEach((name, value) -> headers.put(VARIABLE_PREFIX + name.toLowerCase(Locale.ROOT), value));
        width.ifPresent(w -> headers.put(WIDTH, Integer.toString(w)));
        height.ifPresent(h -> headers.put(HEIGHT, Integer.toString(h)));
        return new Frame(FrameType.RENDER, headers, svg);
    }

    /** The variables of a request, names without the prefix. */
    public static Map<String, String> variables(Frame request) {
        Map<String, String> variables = new LinkedHashMap<>();
        request.headers().forEach((name, value) -> {
            if (name.startsWith(VARIABLE_PREFIX)) {
                variables.put(name.substring(VARIABLE_PREFIX.length()), value);
            }
        });
        return variables;
    }

    public static Frame size(double width, double height) {
        return Frame.of(FrameType.IMAGE, Map.of(SVG_WIDTH, Double.toString(width), SVG_HEIGHT, Double.toString(height)));
    }

    public static Frame raster(BufferedImage argb, double svgWidth, double svgHeight) {
        if (argb.getType() != BufferedImage.TYPE_INT_ARGB) {
            throw new IllegalArgumentException("raster must be TYPE_INT_ARGB");
        }
        int[] pixels = ((DataBufferInt) argb.getRaster().getDataBuffer()).getData();
        ByteBuffer bytes = ByteBuffer.allocate(pixels.length * 4);
        bytes.asIntBuffer().put(pixels);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_TYPE, RAW_ARGB);
        headers.put(WIDTH, Integer.toString(argb.getWidth()));
        headers.put(HEIGHT, Integer.toString(argb.getHeight()));
        headers.put(SVG_WIDTH, Double.toString(svgWidth));
        headers.put(SVG_HEIGHT, Double.toString(svgHeight));
        return new Frame(FrameType.IMAGE, headers, bytes.array());
    }

    /** The raster of an answer from {@link #raster}; refuses a body that does not match its stated size. */
    public static BufferedImage image(Frame answer) {
        int width = Integer.parseInt(answer.header(WIDTH));
        int height = Integer.parseInt(answer.header(HEIGHT));
        if (width <= 0 || height <= 0 || (long) width * height * 4 != answer.body().length) {
            throw new IllegalArgumentException("raster of " + answer.body().length + " bytes is not " + width + " x " + height);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        ByteBuffer.wrap(answer.body()).asIntBuffer().get(pixels);
        return image;
    }
}
