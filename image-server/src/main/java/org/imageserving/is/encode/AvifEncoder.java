package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import java.util.Set;
import org.imageserving.is.encode.avif.AvifSupport;
import org.imageserving.is.encode.avif.HeifException;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;

/**
 * {@code avif} and {@code avif-alpha}, lossy (quality from {@code qlt}) or lossless, through libheif's AV1 encoder.
 * The reply is tagged sRGB (an nclx colour box), or carries the output profile when {@code iccEmbed=1} asks for it.
 */
final class AvifEncoder implements Encoder {
    private final AvifSupport support;

    AvifEncoder(AvifSupport support) {
        this.support = support;
    }

    @Override
    public Set<OutputFormat> formats() {
        return Set.of(OutputFormat.AVIF, OutputFormat.AVIF_ALPHA);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output) {
        return encode(image, output, ReplyColor.NONE);
    }

    @Override
    public byte[] encode(BufferedImage image, OutputCommands output, ReplyColor color) {
        if (color.cmyk() != null) {
            throw RenderException.badRequest(output.format().token() + " has no cmyk pixel type");
        }
        support.missing().ifPresent(why -> {
            throw RenderException.forbidden("fmt=" + output.format().token() + ": " + why);
        });
        boolean alpha = output.format().hasAlpha();
        BufferedImage pixels = alpha ? Images.argb(image) : Images.rgb(image);
        int[] argb = Pixels.data(pixels);
        byte[] icc = color.embedded() == null ? null : color.embedded().getData();
        try {
            return support.writer().write(argb, image.getWidth(), image.getHeight(), alpha, output.quality(),
                    output.compression().equals("lossless"), icc);
        } catch (HeifException e) {
            throw RenderException.serverError("AVIF encoding failed", e);
        }
    }
}
