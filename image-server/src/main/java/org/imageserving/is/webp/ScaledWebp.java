package org.imageserving.is.webp;

import com.luciad.imageio.webp.WebPImageReaderSpi;
import com.luciad.imageio.webp.WebPReadParam;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.ImageIO;
import org.imageserving.is.render.FastPathSource;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.SourceImage;

/**
 * A still WebP read by libwebp (the native decoder bundled in {@code com.github.usefulness:webp-imageio}) with its own
 * cropping and scaling, so only the window a reply shows is produced and libwebp's area-averaging rescaler does the
 * first part of a large reduction while decoding, as libvips' {@code webpload shrink=} does. Like the JPEG path it
 * leaves at least a factor of two to the resampler and its proper filter.
 *
 * <p>Animated files and files with an ICC profile (the simple decoding API ignores both) keep the ImageIO path, as
 * does a file libwebp refuses, which then gets that path's error.
 */
public final class ScaledWebp extends FastPathSource {
    /** The extended-format header's flags: ICC profile, animation. */
    private static final int ICC_FLAG = 0x20;
    private static final int ANIMATION_FLAG = 0x02;
    private static final WebPImageReaderSpi READERS = new WebPImageReaderSpi();

    private ScaledWebp(Path file, SourceImage fallback) {
        super(file, fallback);
    }

    /** The pixels of {@code source}: through libwebp when the file is a still image without a profile, else ImageIO. */
    public static PixelSource of(Path file, SourceImage source) {
        return isPlainStill(file) ? new ScaledWebp(file, source) : PixelSource.of(source);
    }

    /** A WebP file that is no animation and carries no ICC profile. */
    public static boolean isPlainStill(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(21);
        } catch (IOException e) {
            return false; // the ImageIO path reports it
        }
        if (head.length < 16 || !ascii(head, 0, "RIFF") || !ascii(head, 8, "WEBP")) {
            return false;
        }
        if (ascii(head, 12, "VP8X")) {
            return head.length == 21 && (head[20] & (ICC_FLAG | ANIMATION_FLAG)) == 0;
        }
        return ascii(head, 12, "VP8 ") || ascii(head, 12, "VP8L");
    }

    private static boolean ascii(byte[] data, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (data[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Any integer that leaves at least a factor of two to the resampler: libwebp averages, it does not skip. */
    @Override
    public int subsampling(double reduction) {
        return halfOfReduction(reduction);
    }

    @Override
    public BufferedImage read(Rectangle region, int subsampling) {
        Rectangle crop = region.intersection(new Rectangle(0, 0, width(), height()));
        if (crop.isEmpty()) {
            return readWithImageIo(region, subsampling);
        }
        int d = Math.max(1, subsampling);
        return decode(crop, d).orElseGet(() -> readWithImageIo(region, subsampling));
    }

    private Optional<BufferedImage> decode(Rectangle crop, int d) {
        ImageReader reader = null;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader = READERS.createReaderInstance();
            reader.setInput(in);
            WebPReadParam param = new WebPReadParam();
            if (!crop.equals(new Rectangle(0, 0, width(), height()))) {
                param.setUseCropping(true);
                param.setCropLeft(crop.x);
                param.setCropTop(crop.y);
                param.setCropWidth(crop.width);
                param.setCropHeight(crop.height);
            }
            if (d > 1) {
                // reduced pixel i covers crop pixels [i * d, (i + 1) * d), the last one what remains
                param.setUseScaling(true);
                param.setScaledWidth(ceilDiv(crop.width, d));
                param.setScaledHeight(ceilDiv(crop.height, d));
            }
            return Optional.of(Pixels.toWorking(reader.read(0, param)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the ImageIO path reads it again and reports what is wrong
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
