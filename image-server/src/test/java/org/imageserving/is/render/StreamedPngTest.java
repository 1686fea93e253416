package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.awt.Rectangle;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.imageserving.is.png.StreamedPng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PNGs decoded row by row and reduced while they stream, against the ImageIO path on generated photos of odd sizes:
 * 8 and 16 bits, opaque and with alpha (16-bit samples carry noise in their low byte, so the 8-bit rounding counts).
 * Tolerances: at full size identical (measured identical; 1 level allowed with alpha for premultiplication rounding);
 * a thumbnail at least 45 dB PSNR over premultiplied samples from the one drawn from ImageIO's full-size pixels, the
 * floor of the other reducing decoders (measured 55.6 dB 8-bit, 54.0 dB 16-bit with alpha). Other kinds, and damaged
 * files, keep the ImageIO result.
 */
class StreamedPngTest {
    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} bits, alpha={1}")
    @CsvSource({"8,false", "16,false", "8,true", "16,true"})
    void aFullSizeReadGivesTheImageIoPixels(int bits, boolean alpha) {
        Path file = png(401, 267, 1, bits, alpha);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = StreamedPng.of(file, image);
            assertThat(fast).isInstanceOf(StreamedPng.class);
            Rectangle all = new Rectangle(0, 0, 401, 267);
            assertThat(maxDifference(fast.read(all, 1), Pixels.toWorking(PixelSource.of(image).read(all, 1))))
                    .isLessThanOrEqualTo(alpha ? 1 : 0);
            Rectangle window = new Rectangle(100, 50, 151, 101);
            assertThat(maxDifference(fast.read(window, 1), Pixels.toWorking(PixelSource.of(image).read(window, 1))))
                    .isLessThanOrEqualTo(alpha ? 1 : 0);
        }
    }

    @ParameterizedTest(name = "{0} bits, alpha={1}")
    @CsvSource({"8,false", "16,true"})
    void aThumbnailIsReducedWhileStreamingAndLooksLikeTheImageIoOne(int bits, boolean alpha) {
        Path file = png(1201, 801, 2, bits, alpha);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.RecordingSource fast = new ReducedDecodeTest.RecordingSource(StreamedPng.of(file, image));
            assertThat(fast.real).isInstanceOf(StreamedPng.class);
            BufferedImage ours = ReducedDecodeTest.render(image, fast, "wid=100");
            BufferedImage reference = ReducedDecodeTest.render(image,
                    new ReducedDecodeTest.RecordingSource(PixelSource.of(image)), "wid=100");
            assertThat(fast.reads).hasSize(1);
            assertThat(fast.reads.get(0).subsampling()).isEqualTo(6);
            assertThat(fast.reads.get(0).decodedWidth()).isEqualTo(201);
            double psnr = StripTiffTest.premultipliedPsnr(ours, reference);
            assertThat(psnr).as("PSNR %.1f dB", psnr).isGreaterThan(45);
        }
    }

    @Test
    void grayPaletteAndProfiledFilesKeepTheImageIoPath() {
        Path gray = folder.resolve("gray.png");
        write(SourceCorpus.gray(64, 48, 100), gray);
        Path palette = folder.resolve("palette.png");
        write(SourceCorpus.paletteWithTransparency(64, 48), palette);
        Path profiled = folder.resolve("profiled.png");
        SourceCorpus.iccPng(profiled);
        for (Path file : new Path[] {gray, palette, profiled}) {
            try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
                assertThat(StreamedPng.of(file, image)).as(file.getFileName().toString())
                        .isNotInstanceOf(StreamedPng.class);
            }
        }
    }

    @Test
    void aTruncatedFileGivesTheImageIoError() throws IOException {
        Path file = png(400, 300, 5, 8, false);
        byte[] bytes = Files.readAllBytes(file);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = StreamedPng.of(file, image);
            assertThat(fast).isInstanceOf(StreamedPng.class);
            Files.write(file, Arrays.copyOf(bytes, bytes.length / 2)); // cut after the header was read
            Rectangle all = new Rectangle(0, 0, 400, 300);
            Throwable theirs = catchThrowable(() -> PixelSource.of(image).read(all, 1));
            Throwable ours = catchThrowable(() -> fast.read(all, 4));
            assertThat(ours).isInstanceOf(RenderException.class).hasMessageContaining(file.getFileName().toString());
            assertThat(ours).hasMessage(theirs.getMessage());
        }
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            assertThat(StreamedPng.of(file, image)).isNotInstanceOf(StreamedPng.class); // no IEND: ImageIO's
        } catch (RenderException e) {
            assertThat(e).hasMessageContaining(file.getFileName().toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"crc", "zlib"})
    void damagedImageDataGivesWhatTheImageIoPathGives(String damage) throws IOException {
        byte[] bytes = Files.readAllBytes(png(400, 300, 6, 8, false));
        int at = bytes.length / 2;
        if (damage.equals("crc")) {
            bytes[at] ^= 0x01; // one flipped bit: the chunk's CRC no longer matches, the zlib data may still inflate
        } else {
            Arrays.fill(bytes, at, at + 64, (byte) 0xFF);
        }
        Path damaged = Files.write(folder.resolve(damage + ".png"), bytes);
        try (SourceImage image = SourceImage.open(damaged, 50_000_000L)) {
            PixelSource fast = StreamedPng.of(damaged, image);
            Rectangle all = new Rectangle(0, 0, 400, 300);
            Throwable theirs = catchThrowable(() -> PixelSource.of(image).read(all, 1));
            Throwable ours = catchThrowable(() -> fast.read(all, 1));
            if (theirs == null) {
                assertThat(ours).isNull();
                assertThat(maxDifference(fast.read(all, 1), Pixels.toWorking(PixelSource.of(image).read(all, 1))))
                        .isZero();
            } else {
                assertThat(ours).isInstanceOf(RenderException.class).hasMessage(theirs.getMessage());
            }
        }
    }

    /** The generated photo as a PNG of {@code bits} per sample, with an alpha ramp if asked. */
    private Path png(int w, int h, long seed, int bits, boolean alpha) {
        BufferedImage photo = ShrinkOnLoadJpegTest.photo(w, h, seed);
        int bands = alpha ? 4 : 3;
        ColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
                bits == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(w, h);
        Random noise = new Random(seed);
        int[] pixel = new int[bands];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = photo.getRGB(x, y);
                int[] eight = {(p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF, x * 255 / Math.max(1, w - 1)};
                for (int b = 0; b < bands; b++) {
                    pixel[b] = bits == 16 ? Math.min(65535, eight[b] * 257 + noise.nextInt(256) - 128 & 0xFFFF)
                            : eight[b];
                }
                raster.setPixel(x, y, pixel);
            }
        }
        Path file = folder.resolve(seed + "-" + bits + "-" + alpha + ".png");
        write(new BufferedImage(model, raster, false, null), file);
        return file;
    }

    private static void write(BufferedImage image, Path file) {
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IllegalStateException("no PNG writer for " + image);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int maxDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        int[] p = Pixels.data(a), q = Pixels.data(b);
        int max = 0;
        for (int i = 0; i < p.length; i++) {
            for (int shift = 0; shift < 32; shift += 8) {
                max = Math.max(max, Math.abs(((p[i] >> shift) & 0xFF) - ((q[i] >> shift) & 0xFF)));
            }
        }
        return max;
    }
}
