package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.util.Set;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;

/** {@code png} (24-bit RGB or 8-bit gray), {@code png-alpha} (RGBA), {@code png8}/{@code png8-alpha} (palette). */
final class PngEncoder implements Encoder {
    @Override
    public Set<OutputFormat> formats() {
        return Set.of(OutputFormat.PNG, OutputFormat.PNG_ALPHA, OutputFormat.PNG8, OutputFormat.PNG8_ALPHA);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        OutputFormat format = output.format();
        BufferedImage pixels;
        if (format.isPalette()) {
            pixels = Quantizer.quantize(Images.argb(image), output.quantize(), format.hasAlpha());
        } else if (format.hasAlpha()) {
            pixels = output.gray() ? Images.grayArgb(image) : Images.argb(image);
        } else {
            pixels = output.gray() ? Images.gray(image) : Images.rgb(image);
        }
        return Images.write(Images.writer("png"), pixels, null, null);
    }
}
