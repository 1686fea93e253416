package org.imageserving.is.encode;

import java.awt.image.BufferedImage;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.request.OutputCommands;

/**
 * {@code jpegSize=kb}: a JPEG reply no larger than {@code kb} KB (1024 bytes). The reply at the requested quality is
 * kept when it fits; otherwise the quality is lowered until the image fits, and a request that does not fit even at
 * quality 1 fails. Our choice of search: halving the range of qualities below the requested one (about seven encodes
 * rather than up to a hundred), keeping the highest quality seen to fit; every reply returned has been measured.
 * Other formats are not limited (the page: ignored if the output format is not JPEG).
 */
final class JpegSizeLimit {
    private JpegSizeLimit() {}

    static byte[] encode(Encoder encoder, BufferedImage image, OutputCommands output, ReplyColor color) {
        byte[] bytes = encoder.encode(image, output, color);
        long limit = output.jpegSizeKb() * 1024L;
        if (limit == 0 || !output.format().isJpeg() || bytes.length <= limit) {
            return bytes;
        }
        byte[] best = null;
        int low = 1, high = output.quality() - 1;
        while (low <= high) {
            int quality = (low + high) >>> 1;
            byte[] attempt = encoder.encode(image, output.withQuality(quality), color);
            if (attempt.length <= limit) {
                best = attempt;
                low = quality + 1;
            } else {
                high = quality - 1;
            }
        }
        if (best == null) {
            throw RenderException.forbidden(String.format(
                    "jpegSize=%d: the %d x %d reply does not fit in %d KB at any JPEG quality", output.jpegSizeKb(),
                    image.getWidth(), image.getHeight(), output.jpegSizeKb()));
        }
        return best;
    }
}
