package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.is.webp.ScaledWebp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebP sources through libwebp's own cropping and scaling, on generated photo-like files. The reference is the same
 * libwebp's full decode reduced by the resampler alone: ImageIO has two WebP readers here (TwelveMonkeys' and
 * libwebp's) and picks either, so "the ImageIO path" is not one image. Tolerances: a full-size read identical to
 * libwebp's ImageIO reader; a thumbnail at least 40 dB PSNR from the reference (measured 42.0 dB; differences become
 * visible near 30 dB).
 */
class ScaledWebpTest {
    @TempDir
    Path folder;

    private Path webp(BufferedImage image, String name, boolean lossless) {
        Path file = folder.resolve(name);
        ImageWriter writer = null;
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer = new com.luciad.imageio.webp.WebPImageWriterSpi().createWriterInstance();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(lossless ? "Lossless" : "Lossy");
            if (!lossless) {
                param.setCompressionQuality(0.9f);
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (writer != null) {
                writer.dispose();
            }
        }
        return file;
    }

    @Test
    void aThumbnailIsScaledByLibwebpAndLooksLikeTheFullDecodeReduced() throws IOException {
        Path file = webp(ShrinkOnLoadJpegTest.photo(2401, 1799, 2), "photo.webp", false);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.RecordingSource fast = new ReducedDecodeTest.RecordingSource(ScaledWebp.of(file, image));
            assertThat(fast.real).isInstanceOf(ScaledWebp.class);
            BufferedImage ours = ReducedDecodeTest.render(image, fast, "wid=200");
            Rectangle all = new Rectangle(0, 0, 2401, 1799);
            BufferedImage full = ScaledWebp.of(file, image).read(all, 1);
            BufferedImage reference = ReducedDecodeTest.render(image,
                    new ReducedDecodeTest.RecordingSource(PixelSource.of(full)), "wid=200");
            // 12 source pixels per reply pixel: libwebp reduces by 6, the resampler by 2
            assertThat(fast.reads).hasSize(1);
            assertThat(fast.reads.get(0).subsampling()).isEqualTo(6);
            assertThat(fast.reads.get(0).decodedWidth()).isEqualTo(401);
            assertThat(ours.getWidth()).isEqualTo(200);
            double psnr = ShrinkOnLoadJpegTest.psnr(ours, reference);
            assertThat(psnr).as("PSNR %.1f dB", psnr).isGreaterThan(40);

            javax.imageio.ImageReader libwebp = new com.luciad.imageio.webp.WebPImageReaderSpi().createReaderInstance();
            try (var in = ImageIO.createImageInputStream(file.toFile())) {
                libwebp.setInput(in);
                int difference = ShrinkOnLoadJpegTest.maxDifference(full, Pixels.toWorking(libwebp.read(0)));
                assertThat(difference).as("full size, max difference %d", difference).isZero();
            } finally {
                libwebp.dispose();
            }
        }
    }

    @Test
    void aWindowIsCroppedByLibwebpAndKeepsItsPlace() {
        BufferedImage photo = ShrinkOnLoadJpegTest.photo(1203, 805, 3);
        Path file = webp(photo, "lossless.webp", true);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = ScaledWebp.of(file, image);
            BufferedImage window = fast.read(new Rectangle(400, 200, 401, 300), 1);
            assertThat(window.getWidth()).isEqualTo(401);
            assertThat(window.getHeight()).isEqualTo(300);
            for (int y = 0; y < 300; y += 7) {
                for (int x = 0; x < 401; x += 5) {
                    assertThat(window.getRGB(x, y) & 0xFFFFFF).as("lossless: exact").isEqualTo(photo.getRGB(400 + x, 200 + y) & 0xFFFFFF);
                }
            }
            BufferedImage reduced = fast.read(new Rectangle(400, 200, 401, 300), 4);
            assertThat(reduced.getWidth()).isEqualTo(101);
            assertThat(reduced.getHeight()).isEqualTo(75);
        }
    }

    @Test
    void transparencySurvives() {
        BufferedImage argb = new BufferedImage(640, 480, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 480; y++) {
            for (int x = 0; x < 640; x++) {
                argb.setRGB(x, y, x < 320 ? 0x00000000 : 0xFF3366CC);
            }
        }
        Path file = webp(argb, "alpha.webp", true);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            BufferedImage read = ScaledWebp.of(file, image).read(new Rectangle(0, 0, 640, 480), 2);
            assertThat(read.getRGB(40, 100) >>> 24).isZero();
            assertThat(read.getRGB(300, 100)).isEqualTo(0xFF3366CC);
        }
    }

    @Test
    void animatedFilesProfilesAndOtherRiffFilesKeepTheImageIoPath() throws IOException {
        Path still = webp(ShrinkOnLoadJpegTest.photo(64, 48, 4), "still.webp", true);
        byte[] vp8l = Files.readAllBytes(still);
        // an extended-format header in front of the same bitstream, with the ICC or the animation flag set
        for (int flag : new int[] {0x20, 0x02}) {
            byte[] extended = new byte[vp8l.length + 18];
            System.arraycopy(vp8l, 0, extended, 0, 12);
            System.arraycopy("VP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, extended, 12, 4);
            extended[16] = 10;
            extended[20] = (byte) flag;
            System.arraycopy(vp8l, 12, extended, 30, vp8l.length - 12);
            Path file = Files.write(folder.resolve("flag" + flag + ".webp"), extended);
            assertThat(ScaledWebp.isPlainStill(file)).as("flag %x", flag).isFalse();
        }
        assertThat(ScaledWebp.isPlainStill(still)).isTrue();
        Path wave = Files.write(folder.resolve("sound.wav"), "RIFF\0\0\0\0WAVEfmt ".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(ScaledWebp.isPlainStill(wave)).isFalse();
    }
}
