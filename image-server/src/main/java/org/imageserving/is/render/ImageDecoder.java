package org.imageserving.is.render;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a source image through ImageIO (with the TwelveMonkeys plug-ins), reading the header first: a source over
 * the pixel limit is refused before a single pixel is decoded, so a decompression bomb costs nothing.
 */
public final class ImageDecoder {
    private final long maxSourcePixels;

    public ImageDecoder(long maxSourcePixels) {
        this.maxSourcePixels = maxSourcePixels;
    }

    /** Header facts of a source, read without decoding pixels. */
    public record SourceInfo(int width, int height, String formatName) {}

    /** A decoded image and the factor by which the decoder already reduced it (1 = full size). */
    public record Decoded(BufferedImage image, SourceInfo source, int subsampling) {}

    /**
     * Decodes {@code file}. Once the header is known, {@code reductionFor} says by which integer factor the decoder may
     * reduce the image because the pixels would be averaged away by the resampler anyway (1 = decode everything).
     */
    public Decoded decode(Path file, ToIntFunction<SourceInfo> reductionFor) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw RenderException.serverError("cannot open image", null);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw RenderException.badRequest("unsupported or corrupt image format: " + file.getFileName());
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                SourceInfo info = new SourceInfo(reader.getWidth(0), reader.getHeight(0), reader.getFormatName());
                long pixels = (long) info.width() * info.height();
                if (info.width() <= 0 || info.height() <= 0) {
                    throw RenderException.badRequest("image has no pixels: " + file.getFileName());
                }
                if (pixels > maxSourcePixels) {
                    throw RenderException.forbidden(String.format(
                            "source image %s is %d x %d = %.1f megapixels, more than the IS::MaxNonDsfSize limit of %.1f",
                            file.getFileName(), info.width(), info.height(), pixels / 1e6, maxSourcePixels / 1e6));
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int factor = Math.max(1, reductionFor.applyAsInt(info));
                if (factor > 1) {
                    param.setSourceSubsampling(factor, factor, 0, 0);
                }
                List<String> truncated = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> {
                    // libjpeg only warns when the data ends early and fills the rest with grey: not an image to serve
                    if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                        truncated.add(warning);
                    }
                });
                BufferedImage image = reader.read(0, param);
                if (!truncated.isEmpty()) {
                    throw RenderException.badRequest("corrupt or truncated image " + file.getFileName() + ": "
                            + truncated.get(0));
                }
                return new Decoded(image, info, factor);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RenderException re) {
                throw re;
            }
            throw RenderException.badRequest("corrupt or unreadable image " + file.getFileName() + ": " + e.getMessage());
        }
    }
}
