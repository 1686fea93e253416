package org.imageserving.benchmarks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.is.render.Pixels;

/**
 * Photo-like inputs made at setup (no binaries in git): smooth gradients and waves, a few hard edges and sensor-like
 * noise, so that entropy coding and resampling work about as hard as on a photograph. Same seed, same image.
 */
final class TestImages {
    private TestImages() {}

    /** An opaque image in the Image Server's working format (premultiplied ARGB ints). */
    /** {@link #photo(int, int)} of a {@code WIDTHxHEIGHT} benchmark parameter. */
    static BufferedImage photo(String size) {
        String[] wh = size.split("x");
        return photo(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
    }

    static BufferedImage photo(int width, int height) {
        BufferedImage image = Pixels.create(width, height);
        int[] data = Pixels.data(image);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            double v = y / (double) height;
            for (int x = 0; x < width; x++) {
                double u = x / (double) width;
                double wave = Math.sin(u * 37 + Math.cos(v * 11) * 3) * Math.cos(v * 23 + u * 5);
                boolean block = ((int) (u * 9) + (int) (v * 6)) % 3 == 0;
                int r = clamp(120 + 90 * u + 40 * wave + (block ? 30 : 0) + random.nextGaussian() * 6);
                int g = clamp(90 + 110 * v + 35 * wave + random.nextGaussian() * 6);
                int b = clamp(160 - 80 * u * v + 50 * Math.sin(x * 0.05) * Math.cos(y * 0.03) + random.nextGaussian() * 6);
                data[y * width + x] = 0xFF000000 | r << 16 | g << 8 | b;
            }
        }
        return image;
    }

    /** A baseline JPEG (4:2:0, the ImageIO writer's default) of {@link #photo} at {@code quality}. */
    static Path jpeg(int width, int height, float quality) throws IOException {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, width, height, Pixels.data(photo(width, height)), 0, width);
        Path file = Files.createTempFile("bench-" + width + "x" + height + "-", ".jpg");
        file.toFile().deleteOnExit();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }

    private static int clamp(double value) {
        return (int) Math.max(0, Math.min(255, Math.round(value)));
    }
}
