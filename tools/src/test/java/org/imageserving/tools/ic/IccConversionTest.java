package org.imageserving.tools.ic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.tools.ic.PyramidRoundTripTest.ic;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.tools.ic.PyramidRoundTripTest.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -imageprofile, -viewprofile, the render intents and black point compensation, checked against the formulas the test
 * profiles were made from (see {@link TestProfiles}), not against the JDK's own conversion.
 */
class IccConversionTest {
    @TempDir
    Path folder;
    Path srgb;
    Path wide;
    Path cmyk;

    @BeforeEach
    void profiles() throws Exception {
        srgb = Files.write(folder.resolve("sRGB.icc"), ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
        wide = Files.write(folder.resolve("wide.icc"), TestProfiles.wideGamutRgb());
        cmyk = Files.write(folder.resolve("cmyk.icc"), TestProfiles.cmyk());
    }

    /** Left: a green outside sRGB in the wide-gamut space; right: white. */
    private Path greenAndWhite() throws Exception {
        BufferedImage image = new BufferedImage(300, 100, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 300; x++) {
                image.setRGB(x, y, x < 150 ? 0x00B400 : 0xFFFFFF);
            }
        }
        return TestImages.png(image, folder.resolve("green.png"));
    }

    private int[] convertedPixel(Path source, int x, int y, String... options) throws Exception {
        Path target = folder.resolve("out-" + String.join("", options).replace('-', '_') + ".tif");
        List<String> args = new ArrayList<>(List.of("-convert", "-overwrite", "-loglevel", "0"));
        args.addAll(List.of(options));
        args.add(source.toString());
        args.add(target.toString());
        Run run = ic(args.toArray(String[]::new));
        assertThat(run.code()).as(run.toString()).isZero();
        Raster level = TestImages.readTiffLevel(target, 0).getRaster();
        return level.getPixel(x, y, (int[]) null);
    }

    @Test
    void eachRenderIntentUsesItsOwnTableForAnOutOfGamutGreen() throws Exception {
        Path source = greenAndWhite();
        String[] base = {"-imageprofile", wide.toString(), "-viewprofile", srgb.toString()};
        double[] green = {0, 180 / 255.0, 0};
        double[] relativeExpected = TestProfiles.srgbOfLinear(TestProfiles.mul(TestProfiles.WIDE_TO_SRGB,
                TestProfiles.gammaToLinear(green, 2.2)));
        double[] saturationExpected = TestProfiles.srgbOfLinear(TestProfiles.mul(TestProfiles.WIDE_TO_SRGB_SATURATION,
                TestProfiles.gammaToLinear(green, 2.2)));

        int[] relative = convertedPixel(source, 50, 50, concat(base, "-intentRelColorimetric"));
        int[] byDefault = convertedPixel(source, 50, 50, base);
        int[] perceptual = convertedPixel(source, 50, 50, concat(base, "-intentPerceptual"));
        int[] saturation = convertedPixel(source, 50, 50, concat(base, "-intentSaturation"));

        assertClose(relative, relativeExpected, 4);
        assertThat(byDefault).as("relative colorimetric is the default").isEqualTo(relative);
        assertClose(perceptual, new double[] {0, 180, 0}, 4);
        assertClose(saturation, saturationExpected, 4);
        assertThat(relative[1] - perceptual[1]).as("the colorimetric green is clipped brighter than the compressed one")
                .isGreaterThan(20);
    }

    @Test
    void absoluteColorimetricKeepsThePaperWhiteThatRelativeMapsToWhite() throws Exception {
        Path source = greenAndWhite();
        String[] base = {"-imageprofile", wide.toString(), "-viewprofile", srgb.toString()};

        int[] relative = convertedPixel(source, 250, 50, concat(base, "-intentRelColorimetric"));
        int[] absolute = convertedPixel(source, 250, 50, concat(base, "-intentAbsColorimetric"));

        assertClose(relative, new double[] {255, 255, 255}, 2);
        assertThat(absolute[2]).as("the test profile's paper is yellowish: blue drops").isLessThan(230);
        assertThat(absolute[0]).isGreaterThan(absolute[2] + 20);
    }

    @Test
    void embedsTheViewProfileAfterAConversionAndNothingWithoutTheOption() throws Exception {
        Path source = greenAndWhite();
        Path with = folder.resolve("with.tif");
        Path without = folder.resolve("without.tif");

        assertThat(ic("-convert", "-imageprofile", wide.toString(), "-viewprofile", srgb.toString(), "-embedColorProfile",
                source.toString(), with.toString()).code()).isZero();
        assertThat(ic("-convert", "-imageprofile", wide.toString(), "-viewprofile", srgb.toString(),
                source.toString(), without.toString()).code()).isZero();

        assertThat(TiffReader.read(with).directories().get(0).bytes(TiffTag.ICC_PROFILE).orElse(null)).isEqualTo(Files.readAllBytes(srgb));
        assertThat(TiffReader.read(without).directories().get(0).has(TiffTag.ICC_PROFILE)).isFalse();
    }

    @Test
    void withoutAViewProfileTheImageProfileIsWhatGetsEmbedded() throws Exception {
        Path source = greenAndWhite();
        Path target = folder.resolve("tagged.tif");

        Run run = ic("-convert", "-imageprofile", wide.toString(), "-embedColorProfile", source.toString(), target.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(TiffReader.read(target).directories().get(0).bytes(TiffTag.ICC_PROFILE).orElse(null)).isEqualTo(Files.readAllBytes(wide));
        assertClose(TestImages.readTiffLevel(target, 0).getRaster().getPixel(50, 50, (int[]) null), new double[] {0, 180, 0}, 0);
    }

    @Test
    void aViewProfileWithoutAnyKnownSourceProfileChangesNothingAndSaysSo() throws Exception {
        Path source = greenAndWhite();
        Path target = folder.resolve("plain.tif");

        Run run = ic("-convert", "-viewprofile", srgb.toString(), "-embedColorProfile", source.toString(), target.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("no embedded profile and no -imageprofile");
        assertThat(TiffReader.read(target).directories().get(0).has(TiffTag.ICC_PROFILE)).isFalse();
        assertClose(TestImages.readTiffLevel(target, 0).getRaster().getPixel(50, 50, (int[]) null), new double[] {0, 180, 0}, 0);
    }

    @Test
    void cmykThroughItsProfileMatchesThePrintModel() throws Exception {
        double[][] patches = {{0, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0.5, 0.3, 0.1, 0}, {0.2, 0.6, 0.9, 0.1},
            {0, 0, 0, 0.5}, {0.7, 0.7, 0.7, 0.3}};
        Path source = cmykTiff(patches);

        for (int i = 0; i < patches.length; i++) {
            int[] converted = convertedPixel(source, i * 40 + 20, 20, "-imageprofile", cmyk.toString(),
                    "-viewprofile", srgb.toString(), "-cmsNoBlackPointCompensation");
            double[] p = patches[i];
            double[] expected = TestProfiles.cmykToSrgb(p[0], p[1], p[2], p[3]);
            assertClose(converted, new double[] {expected[0] * 255, expected[1] * 255, expected[2] * 255}, 4);
        }
    }

    @Test
    void blackPointCompensationTakesTheInksBlackToTheScreensBlackUnlessDisabled() throws Exception {
        Path source = cmykTiff(new double[][] {{1, 1, 1, 1}, {0, 0, 0, 1}});

        int[] compensated = convertedPixel(source, 20, 20, "-imageprofile", cmyk.toString());
        int[] plain = convertedPixel(source, 20, 20, "-imageprofile", cmyk.toString(), "-cmsNoBlackPointCompensation");

        assertClose(plain, new double[] {25.5, 25.5, 25.5}, 4);
        assertClose(compensated, new double[] {0, 0, 0}, 4);
    }

    @Test
    void sixteenBitSamplesStaySixteenBitThroughAConversion() throws Exception {
        Path source = TestImages.png(TestImages.rgb16(300, 200), folder.resolve("rgb16.png"));
        Path target = folder.resolve("rgb16.tif");

        Run run = ic("-convert", "-imageprofile", srgb.toString(), "-viewprofile", srgb.toString(), source.toString(),
                target.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        Raster converted = TestImages.readTiffLevel(target, 0).getRaster();
        Raster original = TestImages.read(source).getRaster();
        assertThat(converted.getSampleModel().getSampleSize(0)).isEqualTo(16);
        for (int[] p : new int[][] {{10, 10}, {150, 100}, {290, 190}}) {
            int[] a = converted.getPixel(p[0], p[1], (int[]) null);
            int[] b = original.getPixel(p[0], p[1], (int[]) null);
            for (int c = 0; c < 3; c++) {
                assertThat(Math.abs(a[c] - b[c])).as("sRGB to sRGB keeps 16-bit values, channel %d", c).isLessThan(200);
            }
        }
    }

    @Test
    void badProfileOptionsAreUsageErrors() throws Exception {
        Path source = greenAndWhite();
        Path notAProfile = Files.writeString(folder.resolve("bad.icc"), "not a profile");

        Run bad = ic("-convert", "-imageprofile", notAProfile.toString(), source.toString(), folder.resolve("a.tif").toString());
        Run cmykView = ic("-convert", "-viewprofile", cmyk.toString(), source.toString(), folder.resolve("b.tif").toString());
        Run twoIntents = ic("-convert", "-intentPerceptual", "-intentSaturation", source.toString(), folder.resolve("c.tif").toString());
        Run mismatch = ic("-convert", "-imageprofile", cmyk.toString(), "-viewprofile", srgb.toString(), source.toString(),
                folder.resolve("d.tif").toString());

        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.stderr()).contains("is not an ICC profile");
        assertThat(cmykView.code()).isEqualTo(2);
        assertThat(cmykView.stderr()).contains("not an RGB or gray profile");
        assertThat(twoIntents.code()).isEqualTo(2);
        assertThat(mismatch.code()).as(mismatch.toString()).isEqualTo(1);
        assertThat(mismatch.stderr() + mismatch.stdout()).contains("must match the source's pixel type");
        assertThat(folder.resolve("d.tif")).doesNotExist();
    }

    /** An uncompressed CMYK TIFF without a profile: one 40-pixel-wide patch per CMYK value (0-1). */
    private Path cmykTiff(double[][] patches) throws Exception {
        int width = patches.length * 40;
        ColorSpace space = new ICC_ColorSpace(ICC_Profile.getInstance(TestProfiles.cmyk()));
        ComponentColorModel model = new ComponentColorModel(space, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(width, 40);
        for (int x = 0; x < width; x++) {
            double[] p = patches[x / 40];
            int[] value = {(int) Math.round(p[0] * 255), (int) Math.round(p[1] * 255), (int) Math.round(p[2] * 255),
                (int) Math.round(p[3] * 255)};
            for (int y = 0; y < 40; y++) {
                raster.setPixel(x, y, value);
            }
        }
        Path file = folder.resolve("cmyk-" + patches.length + ".tif");
        assertThat(ImageIO.write(new BufferedImage(model, raster, false, null), "tiff", file.toFile())).isTrue();
        return file;
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static void assertClose(int[] actual, double[] expected, double tolerance) {
        for (int c = 0; c < 3; c++) {
            assertThat((double) actual[c]).as("channel %d of %s, expected %s", c, java.util.Arrays.toString(actual),
                    java.util.Arrays.toString(expected)).isCloseTo(expected[c], org.assertj.core.data.Offset.offset(tolerance));
        }
    }
}
