package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.imageserving.is.encode.avif.AvifSupport;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;

/**
 * The encoders the Image Server uses, by output format. A faster codec for some formats is added by registering it
 * after the standard ones: the later registration wins for the formats it declares.
 */
public final class Encoders {
    private final Map<OutputFormat, Encoder> byFormat = new EnumMap<>(OutputFormat.class);

    public Encoders(List<Encoder> encoders) {
        for (Encoder encoder : encoders) {
            for (OutputFormat format : encoder.formats()) {
                byFormat.put(format, encoder);
            }
        }
    }

    /**
     * ImageIO-based encoders for every Tier 1 format (WebP through the bundled native libwebp), and AVIF through the
     * machine's libheif (refused when it is missing).
     */
    public static Encoders standard() {
        return new Encoders(List.of(new JpegEncoder(), new PngEncoder(), new GifEncoder(), new TiffEncoder(),
                new WebpEncoder(), new AvifEncoder(AvifSupport.system())));
    }

    /** The reply's bytes in the format it asks for, within its {@code jpegSize=} limit. */
    public byte[] encode(BufferedImage image, OutputCommands output) {
        return encode(image, output, ReplyColor.NONE);
    }

    /** The reply in the colour the output profile gave ({@code jpegSize=} searches a quality that fits). */
    public byte[] encode(BufferedImage image, OutputCommands output, ReplyColor color) {
        return JpegSizeLimit.encode(forFormat(output.format()), image, output, color);
    }

    public Encoder forFormat(OutputFormat format) {
        Encoder encoder = byFormat.get(format);
        if (encoder == null) {
            throw RenderException.serverError("no encoder registered for " + format.token(), null);
        }
        return encoder;
    }
}
