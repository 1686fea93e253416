package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imageserving.is.tiff.StripTiff;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Strip TIFFs read by libtiff and reduced while they stream, against the ImageIO path (TwelveMonkeys) on generated
 * photos of odd sizes, opaque and with alpha, uncompressed, LZW and Deflate. Tolerances: at full size identical (the
 * same samples; premultiplying rounds as Java2D does, within 1 level with alpha); a thumbnail at least 45 dB PSNR
 * (over premultiplied samples) from the one drawn from ImageIO's full-size pixels: the box average takes the first
 * factor of the reduction before the Lanczos resampler, as DCT scaling does for JPEG, whose floor this is (measured
 * 55.6 dB opaque, 54.8 dB with alpha).
 */
class StripTiffTest {
    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}, alpha={1}")
    @CsvSource({"LZW,false", "Deflate,false", "None,false", "LZW,true"})
    void aFullSizeReadGivesTheImageIoPixels(String compression, boolean alpha) {
        Path file = tiff(401, 267, 1, compression, alpha);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = StripTiff.of(file, image);
            assertThat(fast).isInstanceOf(StripTiff.class);
            Rectangle all = new Rectangle(0, 0, 401, 267);
            BufferedImage ours = fast.read(all, 1);
            assertThat(ours.getWidth()).isEqualTo(401);
            assertThat(maxDifference(ours, Pixels.toWorking(PixelSource.of(image).read(all, 1))))
                    .isLessThanOrEqualTo(alpha ? 1 : 0);
            Rectangle window = new Rectangle(100, 50, 151, 101);
            assertThat(maxDifference(fast.read(window, 1), Pixels.toWorking(PixelSource.of(image).read(window, 1))))
                    .isLessThanOrEqualTo(alpha ? 1 : 0);
        }
    }

    @ParameterizedTest(name = "alpha={0}")
    @CsvSource({"false", "true"})
    void aThumbnailIsReducedWhileStreamingAndLooksLikeTheImageIoOne(boolean alpha) {
        Path file = tiff(1201, 801, 2, "LZW", alpha);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.assertReducedWhileStreaming(image, StripTiff.of(file, image), StripTiff.class);
        }
    }

    @Test
    void tiledFilesKeepTheImageIoPath() {
        Path file = folder.resolve("tiled.tif");
        SourceCorpus.tiff(ShrinkOnLoadJpegTest.photo(64, 48, 3), file, "LZW", true);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            assertThat(StripTiff.of(file, image)).isNotInstanceOf(StripTiff.class);
        }
    }

    @Test
    void aTruncatedFileGivesTheImageIoError() throws IOException {
        byte[] bytes = Files.readAllBytes(tiff(400, 300, 5, "None", false));
        Path truncated = Files.write(folder.resolve("truncated.tif"), bytes);
        try (SourceImage image = SourceImage.open(truncated, 50_000_000L)) {
            PixelSource fast = StripTiff.of(truncated, image);
            assertThat(fast).isInstanceOf(StripTiff.class);
            Rectangle all = new Rectangle(0, 0, 400, 300);
            // cut once both paths have read the header: half the strips, and the directory the writer puts last, go
            try (var channel = java.nio.channels.FileChannel.open(truncated, java.nio.file.StandardOpenOption.WRITE)) {
                channel.truncate(bytes.length / 2);
            }
            Throwable theirs = catchThrowable(() -> PixelSource.of(image).read(all, 1));
            Throwable ours = catchThrowable(() -> fast.read(all, 4));
            assertThat(ours).isInstanceOf(RenderException.class).hasMessageContaining("truncated.tif");
            assertThat(ours).hasMessage(theirs.getMessage());
        }
    }

    @Test
    void corruptLzwDataGivesWhatTheImageIoPathGives() throws IOException {
        byte[] bytes = Files.readAllBytes(tiff(400, 300, 6, "LZW", false));
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] = (byte) 0xFF;
        }
        Path corrupt = Files.write(folder.resolve("corrupt.tif"), bytes);
        try (SourceImage image = SourceImage.open(corrupt, 50_000_000L)) {
            PixelSource fast = StripTiff.of(corrupt, image);
            Rectangle all = new Rectangle(0, 0, 400, 300);
            Throwable theirs = catchThrowable(() -> PixelSource.of(image).read(all, 1));
            Throwable ours = catchThrowable(() -> fast.read(all, 1));
            if (theirs == null) {
                assertThat(ours).isNull();
            } else {
                assertThat(ours).isInstanceOf(RenderException.class).hasMessage(theirs.getMessage());
            }
        }
    }

    private Path tiff(int w, int h, long seed, String compression, boolean alpha) {
        BufferedImage photo = ShrinkOnLoadJpegTest.photo(w, h, seed);
        BufferedImage image = photo;
        if (alpha) {
            image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int a = x * 255 / Math.max(1, w - 1); // every opacity, fully transparent at the left
                    image.setRGB(x, y, a << 24 | (photo.getRGB(x, y) & 0xFFFFFF));
                }
            }
        }
        Path file = folder.resolve(seed + "-" + compression + "-" + alpha + ".tif");
        SourceCorpus.tiff(image, file, compression, false);
        return file;
    }

    /**
     * Over the premultiplied samples, alpha included: what shows once composited. (Unpremultiplied colour of a nearly
     * transparent pixel multiplies its rounding: at alpha 3 one level of premultiplied red is 85 levels.)
     */
    static double premultipliedPsnr(BufferedImage a, BufferedImage b) {
        int[] p = Pixels.data(a), q = Pixels.data(b);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            for (int shift = 0; shift < 32; shift += 8) {
                int d = ((p[i] >> shift) & 0xFF) - ((q[i] >> shift) & 0xFF);
                sum += d * d;
            }
        }
        double mse = sum / (4.0 * p.length);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }

    private static int maxDifference(BufferedImage a, BufferedImage b) {
        int max = 0;
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int shift = 0; shift < 32; shift += 8) {
                    max = Math.max(max, Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)));
                }
            }
        }
        return max;
    }
}
