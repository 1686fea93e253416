package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.util.Set;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;

/** {@code tif} and {@code tif-alpha} with compression none, lzw, zip (Deflate) or jpeg ({@code qlt} applies). */
final class TiffEncoder implements Encoder {
    @Override
    public Set<OutputFormat> formats() {
        return Set.of(OutputFormat.TIF, OutputFormat.TIF_ALPHA);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        BufferedImage pixels;
        if (output.format().hasAlpha()) {
            pixels = output.gray() ? Images.grayArgb(image) : Images.argb(image);
        } else {
            pixels = output.gray() ? Images.gray(image) : Images.rgb(image);
        }
        ImageWriter writer = Images.writer("tiff");
        ImageWriteParam param = writer.getDefaultWriteParam();
        switch (output.compression()) {
            case "lzw" -> explicit(param, Images.compressionType(param, "LZW"));
            case "zip" -> explicit(param, Images.compressionType(param, "Deflate", "ZLib"));
            case "jpeg" -> {
                explicit(param, Images.compressionType(param, "JPEG"));
                param.setCompressionQuality(output.quality() / 100f);
            }
            default -> {
                if (param.canWriteCompressed()) {
                    param.setCompressionMode(ImageWriteParam.MODE_DISABLED);
                }
            }
        }
        return Images.write(writer, pixels, param, null);
    }

    private static void explicit(ImageWriteParam param, String type) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(type);
    }
}
