package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import org.imageserving.is.request.OutputCommands;
import java.util.Set;
import org.imageserving.is.request.OutputFormat;

/**
 * Turns the final view image into the bytes of one output format. The image is a working image (premultiplied
 * sRGB, or the RGB or gray output profile's values once colour management converted it), already flattened onto the
 * background when the format has no alpha. Encoders that can write a CMYK reply, an ICC profile or a print
 * resolution take them from {@link ReplyColor}; the others ignore the profile and resolution (the "fmt" page lists
 * which formats embed profiles).
 *
 * <p>A small interface so that a native-speed codec can replace one format without touching the pipeline.
 */
public interface Encoder {
    /** The {@code fmt=} values this encoder writes. */
    Set<OutputFormat> formats();

    /** Encodes; called concurrently from several render threads, so implementations keep no per-call state. */
    byte[] encode(BufferedImage image, OutputCommands output);

    /** Encodes with colour management's additions; formats without CMYK refuse CMYK pixels. */
    default byte[] encode(BufferedImage image, OutputCommands output, ReplyColor color) {
        if (color.cmyk() != null) {
            throw org.imageserving.is.render.RenderException.badRequest(
                    output.format().token() + " has no cmyk pixel type");
        }
        return encode(image, output);
    }
}
