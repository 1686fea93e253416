package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.render.ShrinkOnLoadJpegTest.jpeg;
import static org.imageserving.is.render.ShrinkOnLoadJpegTest.maxDifference;
import static org.imageserving.is.render.ShrinkOnLoadJpegTest.photo;
import static org.imageserving.is.render.ShrinkOnLoadJpegTest.psnr;
import static org.imageserving.is.render.ShrinkOnLoadJpegTest.withProfile;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.imageserving.is.color.EmbeddedRgbToSrgb;
import org.imageserving.is.jpeg.ShrinkOnLoadJpeg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JPEGs with the embedded profiles photos carry, through the fast path (reduced decode, then the system's LittleCMS
 * with a cached transform on the decoder's native pixels) against the ImageIO path (the JDK's engine on every
 * full-size pixel), on generated photos of sizes not divisible by 8.
 *
 * <p>Tolerances: at full size the two convert the same pixels with the same profiles and intent, so they may differ
 * only by LittleCMS's 8-bit fixed-point rounding: 1 level per channel (measured: identical). A thumbnail converts the
 * reduced pixels instead of the source's, so the two differ where the conversion is not linear over a few source
 * pixels: 45 dB PSNR, the floor of the untagged fast path ({@link ShrinkOnLoadJpegTest}), 15 dB above where a
 * difference becomes visible (measured at a 1/8 decode: 47.9 dB ProPhoto, the widest gamut and a 1.8 gamma, 50.3 dB
 * Adobe RGB and 50.4 dB Display P3; at 1/4: 52.4 to 53.8 dB).
 */
class EmbeddedProfileJpegTest {
    @TempDir
    Path folder;
    /** The untagged photos the cases tag, made once: generating 4 MP of them costs more than a case. */
    @TempDir
    static Path photos;
    private static Path small;
    private static Path large;

    @BeforeAll
    static void photos() {
        small = jpeg(photo(1001, 667, 11), photos.resolve("small.jpg"), false, false);
        large = jpeg(photo(2403, 1797, 12), photos.resolve("large.jpg"), true, false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AdobeRGB", "DisplayP3", "ProPhoto"})
    void aFullSizeDecodeIsConvertedAsImageIoConvertsIt(String name) throws IOException {
        ICC_Profile profile = profile(name);
        assertThat(EmbeddedRgbToSrgb.from(profile)).as("LittleCMS links " + name).isPresent();
        Path file = withProfile(small, profile, folder.resolve(name + ".jpg"));
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = ShrinkOnLoadJpeg.of(file, image);
            assertThat(fast).isInstanceOf(ShrinkOnLoadJpeg.class);
            Rectangle all = new Rectangle(0, 0, 1001, 667);
            BufferedImage ours = Pixels.toWorking(fast.read(all, 1));
            BufferedImage theirs = Pixels.toWorking(PixelSource.of(image).read(all, 1));
            assertThat(ours.getWidth()).isEqualTo(1001);
            assertThat(maxDifference(ours, theirs)).isLessThanOrEqualTo(1);
            // the conversion did something: the file's values are not sRGB's
            try (SourceImage untagged = SourceImage.open(small, 50_000_000L)) {
                assertThat(maxDifference(ours, Pixels.toWorking(PixelSource.of(untagged).read(all, 1))))
                        .isGreaterThan(5);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"AdobeRGB", "DisplayP3", "ProPhoto"})
    void aThumbnailIsConvertedAfterTheReducedDecode(String name) throws IOException {
        Path file = withProfile(large, profile(name), folder.resolve(name + ".jpg"));
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            ReducedDecodeTest.RecordingSource fast = new ReducedDecodeTest.RecordingSource(ShrinkOnLoadJpeg.of(file, image));
            assertThat(fast.real).isInstanceOf(ShrinkOnLoadJpeg.class);
            BufferedImage ours = ReducedDecodeTest.render(image, fast, "wid=201");
            BufferedImage reference = ReducedDecodeTest.render(image,
                    new ReducedDecodeTest.RecordingSource(PixelSource.of(image)), "wid=201");
            assertThat(fast.reads.get(0).subsampling()).isEqualTo(8);
            assertThat(ours.getWidth()).isEqualTo(201);
            double psnr = psnr(ours, reference);
            assertThat(psnr).as("PSNR %.1f dB", psnr).isGreaterThan(45);
        }
    }

    /** A window is converted where it lies; the rows and columns around it are not touched twice or skipped. */
    @Test
    void aWindowOfTheReducedImageIsConvertedLikeTheWhole() throws IOException {
        Path file = withProfile(jpeg(photo(1203, 805, 13), folder.resolve("plain.jpg"), false, false),
                profile("ProPhoto"), folder.resolve("prophoto.jpg"));
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            PixelSource fast = ShrinkOnLoadJpeg.of(file, image);
            BufferedImage whole = fast.read(new Rectangle(0, 0, 1203, 805), 2);
            BufferedImage window = fast.read(new Rectangle(402, 202, 401, 301), 2);
            assertThat(window.getWidth()).isEqualTo(201);
            for (int y = 0; y < window.getHeight(); y += 3) {
                for (int x = 0; x < window.getWidth(); x += 3) {
                    assertThat(window.getRGB(x, y)).isEqualTo(whole.getRGB(201 + x, 101 + y));
                }
            }
        }
    }

    /** A gray JPEG with a gray profile, and a colour one with that gray profile, stay on the ImageIO path. */
    @Test
    void grayAndMismatchedProfilesKeepTheImageIoPath() throws IOException {
        Path grayPlain = folder.resolve("gray-plain.jpg");
        SourceCorpus.jpeg(SourceCorpus.gray(97, 61, 90), grayPlain, false);
        Path gray = withProfile(grayPlain, ICC_Profile.getInstance(ColorSpace.CS_GRAY), folder.resolve("gray.jpg"));
        Path mismatched = withProfile(jpeg(photo(97, 61, 14), folder.resolve("rgb.jpg"), false, false),
                ICC_Profile.getInstance(ColorSpace.CS_GRAY), folder.resolve("rgb-gray-profile.jpg"));
        for (Path file : new Path[] {gray, mismatched}) {
            try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
                assertThat(ShrinkOnLoadJpeg.of(file, image)).as(file.getFileName().toString())
                        .isNotInstanceOf(ShrinkOnLoadJpeg.class);
            }
        }
    }

    @Test
    void aTruncatedTaggedFileKeepsTheImageIoError() throws IOException {
        Path whole = withProfile(jpeg(photo(800, 600, 15), folder.resolve("plain.jpg"), false, false),
                profile("AdobeRGB"), folder.resolve("whole.jpg"));
        byte[] bytes = Files.readAllBytes(whole);
        Path truncated = Files.write(folder.resolve("truncated.jpg"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        try (SourceImage image = SourceImage.open(truncated, 50_000_000L)) {
            PixelSource source = ShrinkOnLoadJpeg.of(truncated, image);
            assertThatThrownBy(() -> source.read(new Rectangle(0, 0, 800, 600), 4))
                    .isInstanceOf(RenderException.class).hasMessageContaining("truncated.jpg");
        }
    }

    @Test
    void damagedScanDataInATaggedFileGivesTheImageIoError() throws IOException {
        Path whole = withProfile(jpeg(photo(800, 600, 16), folder.resolve("plain.jpg"), false, false),
                profile("DisplayP3"), folder.resolve("whole.jpg"));
        byte[] bytes = Files.readAllBytes(whole);
        bytes[bytes.length / 2] = (byte) 0xFF; // a stray marker mid-scan: libjpeg warns "Corrupt JPEG data"
        bytes[bytes.length / 2 + 1] = (byte) 0xD5;
        Path damaged = Files.write(folder.resolve("damaged.jpg"), bytes);
        try (SourceImage image = SourceImage.open(damaged, 50_000_000L)) {
            PixelSource source = ShrinkOnLoadJpeg.of(damaged, image);
            assertThat(source).isInstanceOf(ShrinkOnLoadJpeg.class); // the header is fine: only decoding tells
            for (int subsampling : new int[] {1, 4}) {
                assertThatThrownBy(() -> source.read(new Rectangle(0, 0, 800, 600), subsampling))
                        .isInstanceOf(RenderException.class).hasMessageContaining("damaged.jpg");
            }
        }
    }

    static ICC_Profile profile(String name) {
        if (name.equals("DisplayP3")) {
            return displayP3();
        }
        try (InputStream in = EmbeddedProfileJpegTest.class.getResourceAsStream(
                "/org/imageserving/is/color/profiles/" + name + ".icc")) {
            return ICC_Profile.getInstance(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Display P3 as Apple's profile (every iPhone photo) defines it: sRGB's tone curves and D65 white with the DCI-P3
     * primaries, here the JDK's sRGB profile with those primaries (adapted to D50, the values of Apple's profile).
     */
    static ICC_Profile displayP3() {
        ICC_Profile p3 = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        double[][] primaries = {{0.515121, 0.241196, -0.001053}, {0.291977, 0.692245, 0.041885},
            {0.157104, 0.066574, 0.784073}};
        int[] tags = {ICC_Profile.icSigRedColorantTag, ICC_Profile.icSigGreenColorantTag, ICC_Profile.icSigBlueColorantTag};
        for (int i = 0; i < 3; i++) {
            ByteBuffer tag = ByteBuffer.allocate(20).put("XYZ ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .putInt(0);
            for (double v : primaries[i]) {
                tag.putInt((int) Math.round(v * 65536));
            }
            p3.setData(tags[i], tag.array());
        }
        return p3;
    }
}
