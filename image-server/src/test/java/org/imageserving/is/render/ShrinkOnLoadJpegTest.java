package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.is.jpeg.ShrinkOnLoadJpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The native JPEG path (DCT scaling) against the ImageIO path on generated photo-like JPEGs: sequential and
 * progressive, 4:2:0 and 4:4:4, sizes not divisible by 8. Stated tolerances: a full-size decode within 1 level per
 * channel of ImageIO's (both are libjpeg with the same IDCT and upsampling; measured: identical), a thumbnail at
 * least 45 dB PSNR from the one drawn from ImageIO's full decode (measured 52.1 to 52.2 dB at a 1/8 decode, 54.7 to 54.9
 * dB at 1/4; differences become visible near 30 dB).
 */
class ShrinkOnLoadJpegTest {
    @TempDir
    Path folder;

    @ParameterizedTest(name = "progressive={0}, 4:4:4={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void aFullSizeDecodeGivesTheSamePixelsAsImageIo(boolean progressive, boolean chroma444) {
        Path file = jpeg(photo(1001, 667, 1), folder.resolve("photo.jpg"), progressive, chroma444);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = ShrinkOnLoadJpeg.of(file, image);
            assertThat(fast).isInstanceOf(ShrinkOnLoadJpeg.class);
            Rectangle all = new Rectangle(0, 0, 1001, 667);
            BufferedImage ours = fast.read(all, 1);
            BufferedImage theirs = PixelSource.of(image).read(all, 1);
            assertThat(ours.getWidth()).isEqualTo(1001);
            assertThat(ours.getHeight()).isEqualTo(667);
            assertThat(maxDifference(ours, theirs)).isLessThanOrEqualTo(1);
        }
    }

    @ParameterizedTest(name = "progressive={0}, 4:4:4={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void aThumbnailIsDecodedReducedAndLooksLikeTheImageIoOne(boolean progressive, boolean chroma444) {
        Path file = jpeg(photo(2401, 1799, 2), folder.resolve("photo.jpg"), progressive, chroma444);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.RecordingSource fast = new ReducedDecodeTest.RecordingSource(ShrinkOnLoadJpeg.of(file, image));
            BufferedImage ours = ReducedDecodeTest.render(image, fast, "wid=200");
            BufferedImage reference = ReducedDecodeTest.render(image,
                    new ReducedDecodeTest.RecordingSource(PixelSource.of(image)), "wid=200");

            // 12 source pixels per reply pixel: the decoder reduces by 8, the resampler by 1.5.
            assertThat(fast.reads).hasSize(1);
            assertThat(fast.reads.get(0).subsampling()).isEqualTo(8);
            assertThat(fast.reads.get(0).decodedWidth()).isEqualTo(301);
            assertThat(ours.getWidth()).isEqualTo(200);
            assertThat(psnr(ours, reference)).isGreaterThan(45);
        }
    }

    /** sharp's rule: the largest DCT scale whose image is still at least the reply's size. */
    @Test
    void theDecoderReducesAsFarAsTheReplySizeAllows() {
        Path file = jpeg(photo(64, 48, 9), folder.resolve("photo.jpg"), false, false);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = ShrinkOnLoadJpeg.of(file, image);
            double[] reductions = {1, 1.99, 2, 3.99, 4, 7.99, 8, 10, 31};
            int[] denominators = {1, 1, 2, 2, 4, 4, 8, 8, 8};
            for (int i = 0; i < reductions.length; i++) {
                assertThat(fast.subsampling(reductions[i])).as("reduction %s", reductions[i]).isEqualTo(denominators[i]);
            }
        }
    }

    @Test
    void aWindowIsCutFromTheReducedImageOnTheReductionGrid() {
        Path file = jpeg(photo(1203, 805, 3), folder.resolve("photo.jpg"), false, false);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = ShrinkOnLoadJpeg.of(file, image);
            BufferedImage whole = fast.read(new Rectangle(0, 0, 1203, 805), 4);
            assertThat(whole.getWidth()).isEqualTo(301); // ceil(1203 / 4): the decoder keeps the partial block
            assertThat(whole.getHeight()).isEqualTo(202);
            BufferedImage window = fast.read(new Rectangle(400, 200, 401, 300), 4);
            assertThat(window.getWidth()).isEqualTo(101);
            assertThat(window.getHeight()).isEqualTo(75);
            for (int y = 0; y < 75; y += 7) {
                for (int x = 0; x < 101; x += 5) {
                    assertThat(window.getRGB(x, y)).isEqualTo(whole.getRGB(100 + x, 50 + y));
                }
            }
        }
    }

    @Test
    void grayAndForeignProfilesKeepTheImageIoPath() throws IOException {
        Path plain = jpeg(photo(64, 48, 5), folder.resolve("plain.jpg"), false, false);
        Path unreadable = withProfileBytes(plain, "not an ICC profile at all, just words".repeat(4).getBytes(
                StandardCharsets.US_ASCII), folder.resolve("unreadable.jpg"));
        Path gray = folder.resolve("gray.jpg");
        SourceCorpus.jpeg(SourceCorpus.gray(64, 48, 100), gray, false);
        for (Path file : new Path[] {unreadable, gray}) { // (CMYK and YCCK: CmykJpegTest)
            try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
                assertThat(ShrinkOnLoadJpeg.of(file, image)).as(file.getFileName().toString())
                        .isNotInstanceOf(ShrinkOnLoadJpeg.class);
            }
        }
    }

    @Test
    void anSrgbProfileIsTheSameAsNone() throws IOException {
        Path plain = jpeg(photo(64, 48, 4), folder.resolve("plain.jpg"), false, false);
        Path srgb = withProfile(plain, ICC_Profile.getInstance(ColorSpace.CS_sRGB), folder.resolve("srgb.jpg"));
        try (SourceImage a = SourceImage.open(srgb, 50_000_000L)) {
            PixelSource fast = ShrinkOnLoadJpeg.of(srgb, a);
            assertThat(fast).isInstanceOf(ShrinkOnLoadJpeg.class);
            try (SourceImage b = SourceImage.open(plain, 50_000_000L)) {
                Rectangle all = new Rectangle(0, 0, 64, 48);
                assertThat(maxDifference(fast.read(all, 1), ShrinkOnLoadJpeg.of(plain, b).read(all, 1))).isZero();
            }
        }
    }

    /**
     * Adobe RGB (every camera export) and linear RGB: decoded natively and converted after the reduction. Full size:
     * the same conversion as the ImageIO path (within 1 level; measured identical); a thumbnail: the tolerance of the
     * untagged case, 45 dB PSNR from the ImageIO one, which converted every source pixel before reducing (measured
     * 50.2 dB Adobe RGB, 52.1 dB linear at a 1/8 decode; 53.8 and 54.7 dB at 1/4).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"AdobeRGB", "linear"})
    void anotherRgbProfileIsConvertedAfterTheReducedDecode(String name) throws IOException {
        ICC_Profile profile = name.equals("linear") ? ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB)
                : ICC_Profile.getInstance(ShrinkOnLoadJpegTest.class.getResourceAsStream(
                        "/org/imageserving/is/color/profiles/AdobeRGB.icc"));
        Path plain = jpeg(photo(2401, 1799, 8), folder.resolve("plain.jpg"), true, false);
        Path tagged = withProfile(plain, profile, folder.resolve(name + ".jpg"));
        try (SourceImage image = SourceImage.open(tagged, 50_000_000L)) {
            ReducedDecodeTest.RecordingSource fast = new ReducedDecodeTest.RecordingSource(ShrinkOnLoadJpeg.of(tagged, image));
            assertThat(fast.real).isInstanceOf(ShrinkOnLoadJpeg.class);
            Rectangle window = new Rectangle(0, 0, 2401, 1799); // whole: a small full-size window is ImageIO's
            assertThat(maxDifference(Pixels.toWorking(ShrinkOnLoadJpeg.of(tagged, image).read(window, 1)),
                    Pixels.toWorking(PixelSource.of(image).read(window, 1)))).isLessThanOrEqualTo(1);
            BufferedImage ours = ReducedDecodeTest.render(image, fast, "wid=200");
            BufferedImage reference = ReducedDecodeTest.render(image,
                    new ReducedDecodeTest.RecordingSource(PixelSource.of(image)), "wid=200");
            assertThat(fast.reads.get(0).subsampling()).isEqualTo(8);
            double psnr = psnr(ours, reference);
            assertThat(psnr).as("PSNR %.1f dB", psnr).isGreaterThan(45);
        }
    }

    @Test
    void markersBeyondTheFirst64KbAreStillRead() throws IOException {
        Path plain = jpeg(photo(64, 48, 7), folder.resolve("plain.jpg"), false, false);
        byte[] jpeg = Files.readAllBytes(plain);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        for (int i = 0; i < 3; i++) { // three 60 KB application segments, as a camera's maker notes and previews
            int length = 60_000;
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE9, (byte) (length >> 8), (byte) length});
            out.writeBytes(new byte[length - 2]);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        Path large = Files.write(folder.resolve("large-header.jpg"), out.toByteArray());
        try (SourceImage image = SourceImage.open(large, 50_000_000L)) {
            PixelSource source = ShrinkOnLoadJpeg.of(large, image);
            assertThat(source).isInstanceOf(ShrinkOnLoadJpeg.class);
            assertThat(maxDifference(source.read(new Rectangle(0, 0, 64, 48), 1),
                    PixelSource.of(image).read(new Rectangle(0, 0, 64, 48), 1))).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aTruncatedFileKeepsTheImageIoPathAndItsError() throws IOException {
        Path whole = jpeg(photo(800, 600, 5), folder.resolve("whole.jpg"), false, false);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(folder.resolve("truncated.jpg"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        try (SourceImage image = SourceImage.open(truncated, 50_000_000L)) {
            PixelSource source = ShrinkOnLoadJpeg.of(truncated, image);
            assertThat(source).isNotInstanceOf(ShrinkOnLoadJpeg.class);
            assertThatThrownBy(() -> source.read(new Rectangle(0, 0, 800, 600), 1))
                    .isInstanceOf(RenderException.class).hasMessageContaining("truncated.jpg");
        }
    }

    @Test
    void damagedScanDataGivesTheImageIoError() throws IOException {
        Path whole = jpeg(photo(800, 600, 6), folder.resolve("whole.jpg"), false, false);
        byte[] bytes = Files.readAllBytes(whole);
        // A stray marker in the middle of the scan: libjpeg warns "Corrupt JPEG data", the file still ends with EOI.
        bytes[bytes.length / 2] = (byte) 0xFF;
        bytes[bytes.length / 2 + 1] = (byte) 0xD5;
        Path damaged = Files.write(folder.resolve("damaged.jpg"), bytes);
        try (SourceImage image = SourceImage.open(damaged, 50_000_000L)) {
            PixelSource source = ShrinkOnLoadJpeg.of(damaged, image);
            assertThat(source).isInstanceOf(ShrinkOnLoadJpeg.class); // the header is fine: only decoding tells
            Rectangle all = new Rectangle(0, 0, 800, 600);
            Throwable imageIo = org.assertj.core.api.Assertions.catchThrowable(() -> PixelSource.of(image).read(all, 1));
            assertThat(imageIo).isInstanceOf(RenderException.class).hasMessageContaining("damaged.jpg");
            for (int subsampling : new int[] {1, 4}) {
                assertThatThrownBy(() -> source.read(all, subsampling)).isInstanceOf(RenderException.class)
                        .hasMessageContaining("damaged.jpg");
            }
        }
    }

    /** Smooth colour fields with fine grain, as a camera photo reaches a JPEG encoder; the same for the same seed. */
    static BufferedImage photo(int width, int height, long seed) {
        Random random = new Random(seed);
        double[] f = new double[9];
        for (int i = 0; i < f.length; i++) {
            f[i] = 0.002 + random.nextDouble() * 0.02;
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = channel(128 + 70 * Math.sin(x * f[0] + y * f[1]) + 30 * Math.cos(y * f[2]), random);
                int g = channel(110 + 60 * Math.sin(x * f[3] - y * f[4]) + 25 * Math.cos(x * f[5]), random);
                int b = channel(90 + 55 * Math.cos(x * f[6] + y * f[7]) + 20 * Math.sin((x + y) * f[8]), random);
                row[x] = r << 16 | g << 8 | b;
            }
            image.setRGB(0, y, width, 1, row, 0, width);
        }
        return image;
    }

    private static int channel(double value, Random random) {
        return (int) Math.max(0, Math.min(255, Math.round(value + random.nextGaussian() * 6)));
    }

    /** Quality 90; 4:4:4 by setting every component's sampling factors to 1 in the writer's metadata. */
    static Path jpeg(BufferedImage image, Path file, boolean progressive, boolean chroma444) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            if (chroma444) {
                String format = "javax_imageio_jpeg_image_1.0";
                Element tree = (Element) metadata.getAsTree(format);
                NodeList components = tree.getElementsByTagName("componentSpec");
                for (int i = 0; i < components.getLength(); i++) {
                    Element component = (Element) components.item(i);
                    component.setAttribute("HsamplingFactor", "1");
                    component.setAttribute("VsamplingFactor", "1");
                }
                metadata.setFromTree(format, tree);
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** {@code source} with an APP2 ICC_PROFILE segment holding {@code profile}, right after the SOI marker. */
    static Path withProfile(Path source, ICC_Profile profile, Path file) throws IOException {
        return withProfileBytes(source, profile.getData(), file);
    }

    static Path withProfileBytes(Path source, byte[] data, Path file) throws IOException {
        byte[] jpeg = Files.readAllBytes(source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 12 + 2 + data.length;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {1, 1});
        out.writeBytes(data);
        out.write(jpeg, 2, jpeg.length - 2);
        return Files.write(file, out.toByteArray());
    }

    static int maxDifference(BufferedImage a, BufferedImage b) {
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    max = Math.max(max, Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF)));
                }
            }
        }
        return max;
    }

    static double psnr(BufferedImage a, BufferedImage b) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int shift = 0; shift < 24; shift += 8) {
                    int d = ((p >> shift) & 0xFF) - ((q >> shift) & 0xFF);
                    sum += d * d;
                }
            }
        }
        double mse = sum / (3.0 * a.getWidth() * a.getHeight());
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }
}
