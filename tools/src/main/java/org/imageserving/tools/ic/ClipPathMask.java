package org.imageserving.tools.ic;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.imageserving.tools.ptiff.InterleavedImage;

/**
 * ic's {@code -applyClippath}: the clipping path, drawn anti-aliased at the image's size, becomes alpha (multiplied into
 * the alpha the image already has).
 */
final class ClipPathMask {
    private ClipPathMask() {
    }

    /** @param unitPath the path with x and y from 0 to 1 across the image */
    static InterleavedImage apply(InterleavedImage image, Path2D unitPath) {
        int w = image.width();
        int h = image.height();
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = mask.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(java.awt.Color.WHITE);
        g.fill(AffineTransform.getScaleInstance(w, h).createTransformedShape(unitPath));
        g.dispose();
        byte[] coverage = ((DataBufferByte) mask.getRaster().getDataBuffer()).getData();
        int colors = image.colorChannels();
        InterleavedImage out = image.hasAlpha() ? image : new InterleavedImage(w, h, colors + 1, true, image.bits());
        int max = image.maxValue();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int cover = coverage[y * w + x] & 0xFF;
                if (!image.hasAlpha()) {
                    for (int c = 0; c < colors; c++) {
                        out.setSample(x, y, c, image.sample(x, y, c));
                    }
                }
                int alpha = image.hasAlpha() ? image.sample(x, y, colors) : max;
                out.setSample(x, y, colors, (int) Math.round(alpha * (cover / 255.0)));
            }
        }
        return out;
    }
}
