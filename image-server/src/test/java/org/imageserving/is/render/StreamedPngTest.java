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
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.imageserving.is.png.StreamedPng;
import org.imageserving.is.zlib.IsalInstalled;
import org.imageserving.is.zlib.ZlibInflaters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PNGs decoded row by row and reduced while they stream, against the ImageIO path on generated photos of odd sizes:
 * 8 and 16 bits, opaque and with alpha (16-bit samples carry noise in their low byte, so the 8-bit rounding counts).
 * Palette files of 1 to 8 bits (with partial tRNS alphas) and 8-bit gray too.
 * Tolerances: at full size identical (measured identical; 1 level allowed with alpha for premultiplication rounding);
 * a thumbnail at least 45 dB PSNR over premultiplied samples from the one drawn from ImageIO's full-size pixels, the
 * floor of the other reducing decoders (measured 55.6 dB 8-bit, 54.0 dB 16-bit with alpha). Other kinds, and damaged
 * files, keep the ImageIO result. Every test runs twice: inflating with ISA-L here (Debian's libisal2, installed
 * when missing), with zlib in {@link StreamedPngZlibTest}; the streamed read is checked on its own
 * ({@link StreamedPng#readStreamed}), so a silent hand-over to the ImageIO path cannot pass for it.
 */
class StreamedPngTest {
    @TempDir
    Path folder;

    /** Whether the streamed reads inflate with ISA-L. */
    boolean isal() {
        return true;
    }

    @BeforeEach
    void chooseInflater() {
        if (isal()) {
            IsalInstalled.require();
        }
        System.setProperty(ZlibInflaters.SWITCH, Boolean.toString(isal()));
        assertThat(ZlibInflaters.isal()).isEqualTo(isal());
    }

    @AfterEach
    void defaultInflater() {
        System.clearProperty(ZlibInflaters.SWITCH);
    }

    /** The streamed read alone, which must answer. */
    private static BufferedImage streamed(PixelSource fast, Rectangle region, int factor) {
        try {
            BufferedImage image = ((StreamedPng) fast).readStreamed(region, factor);
            assertThat(image).as("the streamed read answered").isNotNull();
            return image;
        } catch (Exception e) {
            throw new AssertionError("the streamed read failed", e);
        }
    }

    @ParameterizedTest(name = "{0} bits, alpha={1}")
    @CsvSource({"8,false", "16,false", "8,true", "16,true"})
    void aFullSizeReadGivesTheImageIoPixels(int bits, boolean alpha) {
        Path file = png(401, 267, 1, bits, alpha);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = StreamedPng.of(file, image);
            assertThat(fast).isInstanceOf(StreamedPng.class);
            Rectangle all = new Rectangle(0, 0, 401, 267);
            assertThat(ReducedDecodeTest.maxWorkingDifference(streamed(fast, all, 1), Pixels.toWorking(PixelSource.of(image).read(all, 1))))
                    .isLessThanOrEqualTo(alpha ? 1 : 0);
            Rectangle window = new Rectangle(100, 50, 151, 101);
            assertThat(ReducedDecodeTest.maxWorkingDifference(streamed(fast, window, 1), Pixels.toWorking(PixelSource.of(image).read(window, 1))))
                    .isLessThanOrEqualTo(alpha ? 1 : 0);
        }
    }

    @ParameterizedTest(name = "{0} bits, alpha={1}")
    @CsvSource({"8,false", "16,true"})
    void aThumbnailIsReducedWhileStreamingAndLooksLikeTheImageIoOne(int bits, boolean alpha) {
        Path file = png(1201, 801, 2, bits, alpha);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.assertReducedWhileStreaming(image, StreamedPng.of(file, image), StreamedPng.class);
            assertTheReadIsTheStreamedOne(StreamedPng.of(file, image), 6);
        }
    }

    @ParameterizedTest(name = "palette of {0} bits, alpha={1}")
    @CsvSource({"1,false", "2,true", "4,false", "4,true", "8,false", "8,true", "0,false"})
    void paletteAndGrayFilesGiveTheImageIoPixels(int bits, boolean alpha) throws IOException {
        Path file = folder.resolve("indexed-" + bits + "-" + alpha + ".png");
        write(bits == 0 ? grayPhoto(333, 211) : palettePhoto(333, 211, bits, alpha), file);
        byte[] ihdr = Arrays.copyOfRange(Files.readAllBytes(file), 24, 26);
        assertThat(ihdr).as("bit depth and colour type").containsExactly(bits == 0 ? 8 : bits, bits == 0 ? 0 : 3);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = StreamedPng.of(file, image);
            assertThat(fast).isInstanceOf(StreamedPng.class);
            for (Rectangle region : new Rectangle[] {new Rectangle(0, 0, 333, 211), new Rectangle(101, 37, 97, 71)}) {
                assertThat(ReducedDecodeTest.maxWorkingDifference(streamed(fast, region, 1), Pixels.toWorking(PixelSource.of(image).read(region, 1))))
                        .as(region.toString()).isLessThanOrEqualTo(alpha ? 1 : 0);
            }
        }
    }

    @Test
    void aPaletteThumbnailLooksLikeTheImageIoOne() {
        Path file = folder.resolve("palette-large.png");
        write(palettePhoto(1201, 801, 8, true), file);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.RecordingSource fast = new ReducedDecodeTest.RecordingSource(StreamedPng.of(file, image));
            assertThat(fast.real).isInstanceOf(StreamedPng.class);
            BufferedImage ours = ReducedDecodeTest.render(image, fast, "wid=100");
            BufferedImage reference = ReducedDecodeTest.render(image,
                    new ReducedDecodeTest.RecordingSource(PixelSource.of(image)), "wid=100");
            assertThat(fast.reads.get(0).subsampling()).isEqualTo(6);
            double psnr = StripTiffTest.premultipliedPsnr(ours, reference);
            assertThat(psnr).as("PSNR %.1f dB", psnr).isGreaterThan(45);
            assertTheReadIsTheStreamedOne(fast.real, 6);
        }
    }

    private static void assertTheReadIsTheStreamedOne(PixelSource fast, int factor) {
        Rectangle all = new Rectangle(0, 0, fast.width(), fast.height());
        assertThat(Pixels.data(fast.read(all, factor))).isEqualTo(Pixels.data(streamed(fast, all, factor)));
    }

    /** True when the streamed read gave up (null or an exception), so the ImageIO path answers. */
    private static boolean refused(PixelSource fast, Rectangle region, int factor) {
        try {
            return ((StreamedPng) fast).readStreamed(region, factor) == null;
        } catch (Exception e) {
            return true;
        }
    }

    @Test
    void grayAlphaSixteenBitGrayAndProfiledFilesKeepTheImageIoPath() {
        Path grayAlpha = folder.resolve("gray-alpha.png");
        write(SourceCorpus.grayAlpha(64, 48, 100, 8), grayAlpha);
        Path gray16 = folder.resolve("gray16.png");
        write(SourceCorpus.gray16(64, 48, 30000), gray16);
        Path profiled = folder.resolve("profiled.png");
        SourceCorpus.iccPng(profiled);
        for (Path file : new Path[] {grayAlpha, gray16, profiled}) {
            try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
                assertThat(StreamedPng.of(file, image)).as(file.getFileName().toString())
                        .isNotInstanceOf(StreamedPng.class);
            }
        }
    }

    /**
     * The generated photo on a palette of {@code 2^bits} colours (a colour cube, or a red-green ramp below 8 bits: a
     * gray one would be written as a gray PNG), with alphas from 0 to 255 over the palette when asked, so tRNS has
     * partial values to premultiply.
     */
    private static BufferedImage palettePhoto(int w, int h, int bits, boolean alpha) {
        int colors = 1 << bits;
        byte[] r = new byte[colors], g = new byte[colors], b = new byte[colors], a = new byte[colors];
        for (int i = 0; i < colors; i++) {
            r[i] = (byte) (bits == 8 ? (i & 7) * 255 / 7 : i * 255 / (colors - 1));
            g[i] = (byte) (bits == 8 ? (i >> 3 & 7) * 255 / 7 : 255 - i * 255 / (colors - 1));
            b[i] = (byte) (bits == 8 ? (i >> 6) * 255 / 3 : 128);
            a[i] = (byte) (alpha ? (i * 97 + 13) % 256 : 255);
        }
        IndexColorModel model = alpha ? new IndexColorModel(bits, colors, r, g, b, a)
                : new IndexColorModel(bits, colors, r, g, b);
        BufferedImage image = new BufferedImage(w, h,
                bits == 8 ? BufferedImage.TYPE_BYTE_INDEXED : BufferedImage.TYPE_BYTE_BINARY, model);
        BufferedImage photo = ShrinkOnLoadJpegTest.photo(w, h, bits);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = photo.getRGB(x, y);
                int index = bits == 8 ? (p >> 21 & 7) | (p >> 13 & 7) << 3 | (p >> 6 & 3) << 6
                        : (p >> 8 & 0xFF) >> (8 - bits);
                image.getRaster().setSample(x, y, 0, index);
            }
        }
        return image;
    }

    private static BufferedImage grayPhoto(int w, int h) {
        BufferedImage photo = ShrinkOnLoadJpegTest.photo(w, h, 9);
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                gray.getRaster().setSample(x, y, 0, photo.getRGB(x, y) >> 8 & 0xFF);
            }
        }
        return gray;
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
            assertThat(refused(fast, all, 4)).isTrue();
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
                assertThat(ReducedDecodeTest.maxWorkingDifference(fast.read(all, 1), Pixels.toWorking(PixelSource.of(image).read(all, 1))))
                        .isZero();
            } else {
                assertThat(ours).isInstanceOf(RenderException.class).hasMessage(theirs.getMessage());
            }
        }
    }

    /**
     * Damage only the inflater can see: the zlib data is changed and every chunk CRC made right again, so the chunk
     * checks pass and ISA-L or zlib must find it (a bad block, or the Adler-32 at the end). The streamed read must
     * give up, and the read answers what the ImageIO path answers.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"deflate", "adler"})
    void damagedDeflateDataBehindGoodCrcsGivesWhatTheImageIoPathGives(String damage) throws IOException {
        byte[] png = Files.readAllBytes(png(400, 300, 7, 8, false));
        byte[] zlib = idat(png);
        if (damage.equals("deflate")) {
            Arrays.fill(zlib, zlib.length / 3, zlib.length / 3 + 64, (byte) 0xFF);
        } else {
            zlib[zlib.length - 1] ^= 0x01;
        }
        Path damaged = Files.write(folder.resolve(damage + ".png"), withIdat(png, zlib));
        try (SourceImage image = SourceImage.open(damaged, 50_000_000L)) {
            PixelSource fast = StreamedPng.of(damaged, image);
            assertThat(fast).isInstanceOf(StreamedPng.class);
            Rectangle all = new Rectangle(0, 0, 400, 300);
            assertThat(refused(fast, all, 1)).as("the streamed read gave up").isTrue();
            Throwable theirs = catchThrowable(() -> PixelSource.of(image).read(all, 1));
            Throwable ours = catchThrowable(() -> fast.read(all, 1));
            if (theirs == null) {
                assertThat(ours).isNull();
                assertThat(Pixels.data(fast.read(all, 1))).isEqualTo(Pixels.data(PixelSource.of(image).read(all, 1)));
            } else {
                assertThat(ours).isInstanceOf(RenderException.class).hasMessage(theirs.getMessage());
            }
        }
    }

    @Test
    void anInterlacedFileKeepsTheImageIoPath() throws IOException {
        byte[] png = Files.readAllBytes(png(64, 48, 8, 8, false));
        png[28] = 1; // IHDR's interlace method: Adam7
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        java.nio.ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
        Path interlaced = Files.write(folder.resolve("interlaced.png"), png);
        try (SourceImage image = SourceImage.open(interlaced, 50_000_000L)) {
            assertThat(StreamedPng.of(interlaced, image)).isNotInstanceOf(StreamedPng.class);
        }
    }

    /** The concatenated data of the IDAT chunks. */
    private static byte[] idat(byte[] png) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(png);
        for (int at = 8; at < png.length; ) {
            int length = in.getInt(at), type = in.getInt(at + 4);
            if (type == 0x49444154) {
                out.write(png, at + 8, length);
            }
            at += 12 + length;
        }
        return out.toByteArray();
    }

    /** The file with its IDAT chunks replaced by one holding {@code zlib}, its CRC right. */
    private static byte[] withIdat(byte[] png, byte[] zlib) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(png);
        out.write(png, 0, 8);
        boolean written = false;
        for (int at = 8; at < png.length; ) {
            int length = in.getInt(at), type = in.getInt(at + 4);
            if (type != 0x49444154) {
                out.write(png, at, 12 + length);
            } else if (!written) {
                java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(12 + zlib.length);
                chunk.putInt(zlib.length).putInt(type).put(zlib);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(chunk.array(), 4, 4 + zlib.length);
                chunk.putInt((int) crc.getValue());
                out.write(chunk.array(), 0, chunk.capacity());
                written = true;
            }
            at += 12 + length;
        }
        return out.toByteArray();
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
}
