package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import org.imageserving.is.request.OutputCommands;

/** {@code gif} and {@code gif-alpha} (key-colour transparency): palette images built by {@code quantize=}. */
final class GifEncoder implements Encoder {
    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        BufferedImage source = output.gray() ? Images.grayArgb(image) : Images.argb(image);
        BufferedImage pixels = Quantizer.quantize(source, output.quantize(), output.format().hasAlpha());
        return Images.write(Images.writer("gif"), pixels, null, null);
    }
}
