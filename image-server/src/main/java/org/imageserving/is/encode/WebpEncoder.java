package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.util.Set;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;

/**
 * {@code webp} and {@code webp-alpha}, lossy (quality from {@code qlt}) or lossless, through the native libwebp
 * encoder bundled in {@code com.github.usefulness:webp-imageio}.
 */
final class WebpEncoder implements Encoder {
    @Override
    public Set<OutputFormat> formats() {
        return Set.of(OutputFormat.WEBP, OutputFormat.WEBP_ALPHA);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        BufferedImage pixels = output.format().hasAlpha() ? Images.argb(image) : Images.rgb(image);
        ImageWriter writer = Images.writer("webp");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        if (output.compression().equals("lossless")) {
            param.setCompressionType(Images.compressionType(param, "Lossless"));
        } else {
            param.setCompressionType(Images.compressionType(param, "Lossy"));
            param.setCompressionQuality(output.quality() / 100f);
        }
        return Images.write(writer, pixels, param, null);
    }
}
