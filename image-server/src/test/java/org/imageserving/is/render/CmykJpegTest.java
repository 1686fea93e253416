package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.imageserving.common.color.BuiltInProfiles;
import org.imageserving.is.color.ProfileStore;
import org.imageserving.is.jpeg.ShrinkOnLoadJpeg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Adobe CMYK and YCCK JPEGs on the native path (raw components at DCT scale, converted after the reduction) against
 * the ImageIO path, which converts every full-size pixel. Photo-like ink made from a generated photo through a CMYK
 * profile, odd sizes, with and without an embedded profile. Tolerances: at full size the same conversion of the
 * output of the same IDCT, within 2 levels per channel (measured: 2 where TwelveMonkeys' generic CMYK or its own
 * YCC-to-CMYK rounding differs from libjpeg's, else 1);
 * a thumbnail at least 45 dB PSNR from the one drawn from ImageIO's full-size pixels, the floor of the RGB profile
 * case: the conversion is not linear and now follows the block average instead of preceding the resampler's
 * (measured at a 1/8 decode 51.7 dB CMYK tagged, 49.8 YCCK tagged, 52.3 untagged through TwelveMonkeys' generic
 * CMYK; differences become visible near 30 dB).
 */
class CmykJpegTest {
    private static final ICC_Profile CMYK = new ProfileStore(null).load(BuiltInProfiles.GENERIC_CMYK);

    @TempDir
    Path folder;

    @ParameterizedTest(name = "ycck={0}, profile={1}")
    @CsvSource({"false,true", "true,true", "false,false", "true,false"})
    void aFullSizeDecodeGivesTheImageIoPixels(boolean ycck, boolean tagged) throws IOException {
        Path file = cmykPhoto(401, 267, 1, ycck, tagged);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = ShrinkOnLoadJpeg.of(file, image);
            assertThat(fast).isInstanceOf(ShrinkOnLoadJpeg.class);
            Rectangle all = new Rectangle(0, 0, 401, 267);
            BufferedImage ours = fast.read(all, 1);
            assertThat(ours.getWidth()).isEqualTo(401);
            assertThat(ours.getHeight()).isEqualTo(267);
            assertThat(ShrinkOnLoadJpegTest.maxDifference(ours, PixelSource.of(image).read(all, 1)))
                    .isLessThanOrEqualTo(2);
        }
    }

    @ParameterizedTest(name = "ycck={0}, profile={1}")
    @CsvSource({"false,true", "true,true", "false,false"})
    void aThumbnailIsDecodedReducedAndLooksLikeTheImageIoOne(boolean ycck, boolean tagged) throws IOException {
        Path file = cmykPhoto(1201, 801, 2, ycck, tagged);
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.RecordingSource fast = new ReducedDecodeTest.RecordingSource(ShrinkOnLoadJpeg.of(file, image));
            assertThat(fast.real).isInstanceOf(ShrinkOnLoadJpeg.class);
            BufferedImage ours = ReducedDecodeTest.render(image, fast, "wid=100");
            BufferedImage reference = ReducedDecodeTest.render(image,
                    new ReducedDecodeTest.RecordingSource(PixelSource.of(image)), "wid=100");
            // 12 source pixels per reply pixel: the decoder reduces by 8, the resampler by 1.5.
            assertThat(fast.reads).hasSize(1);
            assertThat(fast.reads.get(0).subsampling()).isEqualTo(8);
            assertThat(fast.reads.get(0).decodedWidth()).isEqualTo(151);
            double psnr = ShrinkOnLoadJpegTest.psnr(ours, reference);
            assertThat(psnr).as("PSNR %.1f dB", psnr).isGreaterThan(45);
        }
    }

    @Test
    void theCorpusCyanAndWhiteComeOutAsImageIoSaysForCmykAndYcck() {
        for (boolean ycck : new boolean[] {false, true}) {
            Path file = folder.resolve(ycck + "-corpus.jpg");
            SourceCorpus.cmykJpeg(file, ycck);
            try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
                PixelSource fast = ShrinkOnLoadJpeg.of(file, image);
                assertThat(fast).isInstanceOf(ShrinkOnLoadJpeg.class);
                Rectangle all = new Rectangle(0, 0, 32, 16);
                BufferedImage ours = fast.read(all, 1);
                assertThat(ShrinkOnLoadJpegTest.maxDifference(ours, PixelSource.of(image).read(all, 1)))
                        .isLessThanOrEqualTo(2);
                assertThat(ours.getRGB(28, 8) & 0xFFFFFF).as("white").isGreaterThan(0xF0F0F0);
                assertThat((ours.getRGB(4, 8) >> 16) & 0xFF).as("cyan has little red").isLessThan(80);
            }
        }
    }

    @Test
    void aTruncatedFileKeepsTheImageIoPathAndItsError() throws IOException {
        Path whole = cmykPhoto(400, 300, 5, false, false);
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(folder.resolve("truncated.jpg"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        try (SourceImage image = SourceImage.open(truncated, 50_000_000L)) {
            PixelSource source = ShrinkOnLoadJpeg.of(truncated, image);
            assertThat(source).isNotInstanceOf(ShrinkOnLoadJpeg.class);
            assertThatThrownBy(() -> source.read(new Rectangle(0, 0, 400, 300), 1))
                    .isInstanceOf(RenderException.class).hasMessageContaining("truncated.jpg");
        }
    }

    @ParameterizedTest(name = "ycck={0}")
    @CsvSource({"false", "true"})
    void damagedScanDataGivesTheImageIoError(boolean ycck) throws IOException {
        byte[] bytes = Files.readAllBytes(cmykPhoto(400, 300, 6, ycck, false));
        bytes[bytes.length / 2] = (byte) 0xFF; // a stray marker mid-scan: libjpeg warns, the file still ends with EOI
        bytes[bytes.length / 2 + 1] = (byte) 0xD5;
        Path damaged = Files.write(folder.resolve("damaged.jpg"), bytes);
        try (SourceImage image = SourceImage.open(damaged, 50_000_000L)) {
            PixelSource source = ShrinkOnLoadJpeg.of(damaged, image);
            assertThat(source).isInstanceOf(ShrinkOnLoadJpeg.class); // the header is fine: only decoding tells
            Rectangle all = new Rectangle(0, 0, 400, 300);
            assertThat(catchThrowable(() -> PixelSource.of(image).read(all, 1)))
                    .isInstanceOf(RenderException.class).hasMessageContaining("damaged.jpg");
            for (int subsampling : new int[] {1, 4}) {
                assertThatThrownBy(() -> source.read(all, subsampling)).isInstanceOf(RenderException.class)
                        .hasMessageContaining("damaged.jpg");
            }
        }
    }

    /** A generated photo separated through the generic CMYK profile, as an Adobe JPEG, tagged with it or not. */
    private Path cmykPhoto(int w, int h, long seed, boolean ycck, boolean tagged) throws IOException {
        BufferedImage photo = ShrinkOnLoadJpegTest.photo(w, h, seed);
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(photo, 0, 0, null);
        WritableRaster ink = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
        new ColorConvertOp(new ICC_Profile[] {ICC_Profile.getInstance(ColorSpace.CS_sRGB), CMYK}, null)
                .filter(rgb.getRaster(), ink);
        Path plain = folder.resolve("plain-" + seed + "-" + ycck + ".jpg");
        SourceCorpus.cmykJpeg(ink, plain, ycck);
        return tagged ? withProfile(plain, CMYK.getData(), folder.resolve("tagged-" + seed + "-" + ycck + ".jpg"))
                : plain;
    }

    /** {@code source} with {@code profile} in as many APP2 ICC_PROFILE segments as it takes, after the SOI marker. */
    static Path withProfile(Path source, byte[] profile, Path file) throws IOException {
        byte[] jpeg = Files.readAllBytes(source);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int chunk = 65_000, count = (profile.length + chunk - 1) / chunk;
        for (int i = 0; i < count; i++) {
            int from = i * chunk, n = Math.min(chunk, profile.length - from);
            int length = 2 + 12 + 2 + n;
            out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
            out.writeBytes("ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[] {(byte) (i + 1), (byte) count});
            out.write(profile, from, n);
        }
        out.write(jpeg, 2, jpeg.length - 2);
        return Files.write(file, out.toByteArray());
    }
}
