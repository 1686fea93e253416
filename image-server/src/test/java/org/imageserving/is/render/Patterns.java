package org.imageserving.is.render;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Synthetic test images whose every pixel is known, so expected results can be computed independently. */
public final class Patterns {
    public static final int RED = 0xFFFF0000, GREEN = 0xFF00FF00, BLUE = 0xFF0000FF, YELLOW = 0xFFFFFF00;

    private Patterns() {}

    /** Four flat quadrants: red top-left, green top-right, blue bottom-left, yellow bottom-right. */
    public static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        fill(g, RED, 0, 0, width / 2, height / 2);
        fill(g, GREEN, width / 2, 0, width - width / 2, height / 2);
        fill(g, BLUE, 0, height / 2, width / 2, height - height / 2);
        fill(g, YELLOW, width / 2, height / 2, width - width / 2, height - height / 2);
        g.dispose();
        return image;
    }

    /** Black one-pixel lines every {@code step} pixels on white. */
    public static BufferedImage grid(int width, int height, int step) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, x % step == 0 || y % step == 0 ? 0xFF000000 : 0xFFFFFFFF);
            }
        }
        return image;
    }

    public static Path write(BufferedImage image, String format, Path file) {
        try {
            if (!ImageIO.write(image, format, file.toFile())) {
                throw new IllegalStateException("no writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new IllegalStateException("not an image (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fill(Graphics2D g, int argb, int x, int y, int w, int h) {
        g.setColor(new Color(argb, true));
        g.fillRect(x, y, w, h);
    }
}
