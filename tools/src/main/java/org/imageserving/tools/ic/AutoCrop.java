package org.imageserving.tools.ic;

import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.imageserving.tools.ptiff.InterleavedImage;

/**
 * ic's {@code -autocrop corner mode tolerance infoFile}: the smallest rectangle that holds every pixel differing from
 * the background. Mode 0 takes the background from a corner pixel (colours premultiplied when the image has alpha),
 * mode 1 from alpha (background = alpha 0; no crop without alpha). A component matches when it differs by at most
 * tolerance × full scale.
 */
public record AutoCrop(String corner, int mode, double tolerance, Path infoFile) {
    public AutoCrop {
        if (!corner.matches("ul|ur|ll|lr")) {
            throw new IllegalArgumentException("-autocrop corner must be ul, ur, ll or lr, not '" + corner + "'");
        }
        if (mode != 0 && mode != 1) {
            throw new IllegalArgumentException("-autocrop mode must be 0 (corner colour) or 1 (alpha), not " + mode);
        }
        if (!(tolerance >= 0 && tolerance <= 1)) {
            throw new IllegalArgumentException("-autocrop tolerance must be 0.0 to 1.0, not " + tolerance);
        }
    }

    /** The content rectangle; empty when everything is background or (mode 1) the image has no alpha. */
    public Optional<Rectangle> find(InterleavedImage image) {
        if (mode == 1 && !image.hasAlpha()) {
            return Optional.empty();
        }
        int w = image.width();
        int h = image.height();
        int channels = image.channels();
        double max = image.maxValue();
        double limit = tolerance * max;
        double[] seed = new double[channels];
        if (mode == 0) {
            int sx = corner.charAt(1) == 'l' ? 0 : w - 1;
            int sy = corner.charAt(0) == 'u' ? 0 : h - 1;
            seed = premultiplied(image, sx, sy, max);
        }
        int left = w;
        int right = -1;
        int top = h;
        int bottom = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean background;
                if (mode == 1) {
                    background = image.sample(x, y, channels - 1) <= limit;
                } else {
                    double[] p = premultiplied(image, x, y, max);
                    background = true;
                    for (int c = 0; c < channels && background; c++) {
                        background = Math.abs(p[c] - seed[c]) <= limit;
                    }
                }
                if (!background) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        if (right < 0) {
            return Optional.empty();
        }
        return Optional.of(new Rectangle(left, top, right - left + 1, bottom - top + 1));
    }

    private static double[] premultiplied(InterleavedImage image, int x, int y, double max) {
        int channels = image.channels();
        double[] p = new double[channels];
        double a = image.hasAlpha() ? image.sample(x, y, channels - 1) / max : 1;
        for (int c = 0; c < channels; c++) {
            double v = image.sample(x, y, c);
            p[c] = image.hasAlpha() && c < channels - 1 ? v * a : v;
        }
        return p;
    }

    /**
     * Writes the crop information. The original's XML schema is not published; ours names the source, its size and
     * the rectangle in source pixels, which is what a catalog's crop needs.
     */
    public void writeInfo(Path source, InterleavedImage image, Rectangle crop) throws IOException {
        String xml = String.format(Locale.ROOT, """
                <?xml version="1.0" encoding="UTF-8"?>
                <autocrop source="%s" width="%d" height="%d">
                  <crop x="%d" y="%d" width="%d" height="%d"/>
                </autocrop>
                """, escape(source.getFileName().toString()), image.width(), image.height(),
                crop.x, crop.y, crop.width, crop.height);
        Path parent = infoFile.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(infoFile, xml, StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
