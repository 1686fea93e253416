package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import org.imageserving.is.request.OutputCommands;
import java.util.Set;
import org.imageserving.is.request.OutputFormat;

/**
 * Turns the final view image into the bytes of one output format. The image is a working image (premultiplied
 * sRGB), already flattened onto the background when the format has no alpha. Encoders write no metadata (no EXIF,
 * XMP or ICC profile): the reply is sRGB, which is what a viewer assumes without a profile.
 *
 * <p>A small interface so that a native-speed codec can replace one format without touching the pipeline.
 */
public interface Encoder {
    /** The {@code fmt=} values this encoder writes. */
    Set<OutputFormat> formats();

    /** Encodes; called concurrently from several render threads, so implementations keep no per-call state. */
    byte[] encode(BufferedImage image, OutputCommands output);
}
