package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.util.Set;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;

/** {@code gif} and {@code gif-alpha} (key-colour transparency): palette images built by {@code quantize=}. */
final class GifEncoder implements Encoder {
    @Override
    public Set<OutputFormat> formats() {
        return Set.of(OutputFormat.GIF, OutputFormat.GIF_ALPHA);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        BufferedImage source = output.gray() ? Images.grayArgb(image) : Images.argb(image);
        BufferedImage pixels = Quantizer.quantize(source, output.quantize(), output.format().hasAlpha());
        return Images.write(Images.writer("gif"), pixels, null, null);
    }
}
