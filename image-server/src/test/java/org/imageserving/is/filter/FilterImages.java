package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.Pixels;

/** Working images (premultiplied ARGB) with known content, and a one-filter run as the pipeline would do it. */
final class FilterImages {
    static final int RED = 0xFF0000;
    static final int GREEN = 0x00FF00;
    static final int BLUE = 0x0000FF;
    static final int YELLOW = 0xFFFF00;

    private FilterImages() {}

    /** Every pixel the given unpremultiplied colour, with the given alpha. */
    static BufferedImage solid(int width, int height, int rgb, int alpha) {
        BufferedImage image = Pixels.create(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (alpha << 24) | rgb);
            }
        }
        return image;
    }

    static BufferedImage solid(int width, int height, int rgb) {
        return solid(width, height, rgb, 255);
    }

    /** 200×100 of flat quadrants: red top-left, green top-right, blue bottom-left, yellow bottom-right. */
    static BufferedImage quadrants() {
        BufferedImage image = Pixels.create(200, 100);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                int rgb = y < 50 ? (x < 100 ? RED : GREEN) : (x < 100 ? BLUE : YELLOW);
                image.setRGB(x, y, 0xFF000000 | rgb);
            }
        }
        return image;
    }

    /** Left half transparent, right half the given opaque colour. */
    static BufferedImage halfTransparent(int width, int height, int rgb) {
        BufferedImage image = Pixels.create(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = width / 2; x < width; x++) {
                image.setRGB(x, y, 0xFF000000 | rgb);
            }
        }
        return image;
    }

    /** Unpremultiplied colour without alpha. */
    static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    static int alpha(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) >>> 24;
    }

    /** Parses the commands with {@code filter} alone and applies it, as the pipeline would. */
    static <S> BufferedImage apply(ImageFilter<S> filter, BufferedImage image, Map<String, String> commands,
                                   FilterScale scale) {
        S settings = filter.parse(commands).orElseThrow(() -> new AssertionError("no step for " + commands));
        filter.apply(image, settings, scale);
        return image;
    }

    static <S> BufferedImage apply(ImageFilter<S> filter, BufferedImage image, Map<String, String> commands) {
        return apply(filter, image, commands, FilterScale.NONE);
    }

    /** The steepest step between horizontal neighbours along row {@code y}, over all channels. */
    static int steepestStep(BufferedImage image, int y) {
        int steepest = 0;
        for (int x = 1; x < image.getWidth(); x++) {
            int a = image.getRGB(x - 1, y), b = image.getRGB(x, y);
            for (int shift = 0; shift <= 16; shift += 8) {
                steepest = Math.max(steepest, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
            }
        }
        return steepest;
    }

    /** Dark gray on the left, light gray on the right, softened: an edge with room to overshoot on both sides. */
    static BufferedImage softEdge() {
        BufferedImage image = Pixels.create(60, 10);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 60; x++) {
                image.setRGB(x, y, x < 30 ? 0xFF404040 : 0xFFC0C0C0);
            }
        }
        new Blur().apply(image, new Blur.Settings(4), FilterScale.NONE);
        return image;
    }
}
