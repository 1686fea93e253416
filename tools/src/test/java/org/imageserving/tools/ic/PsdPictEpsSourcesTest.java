package org.imageserving.tools.ic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.tools.ic.PyramidRoundTripTest.ic;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.tools.ic.PyramidRoundTripTest.Run;
import org.imageserving.tools.image.TestPsd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented ic inputs beyond the common web formats: Photoshop PSD, Macintosh PICT, and EPS (refused). */
class PsdPictEpsSourcesTest {
    @TempDir
    Path folder;

    private static final TestPsd.Samples GRADIENT = (x, y, c) -> switch (c) {
        case 0 -> x * 255 / 599;
        case 1 -> y * 255 / 399;
        case 2 -> 90;
        default -> x < 300 ? 255 : 64; // an extra channel
    };

    private Path psd(String name, int mode, int channels, int depth, TestPsd.Samples samples, byte[] icc) throws Exception {
        return Files.write(folder.resolve(name), TestPsd.write(600, 400, mode, channels, depth, samples, icc));
    }

    private Raster convert(Path source, String... options) throws Exception {
        Path target = folder.resolve(source.getFileName() + ".tif");
        String[] args = new String[options.length + 5];
        args[0] = "-convert";
        args[1] = "-loglevel";
        args[2] = "0";
        System.arraycopy(options, 0, args, 3, options.length);
        args[args.length - 2] = source.toString();
        args[args.length - 1] = target.toString();
        Run run = ic(args);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(TestImages.levelsIn(target)).isEqualTo(3); // 600x400, 300x200, 150x100
        return TestImages.readTiffLevel(target, 0).getRaster();
    }

    @Test
    void rgbPsdKeepsItsSamplesExactly() throws Exception {
        Raster level = convert(psd("rgb.psd", TestPsd.RGB, 3, 8, GRADIENT, null));

        assertThat(level.getNumBands()).isEqualTo(3);
        for (int[] p : new int[][] {{0, 0}, {599, 399}, {123, 321}, {450, 17}}) {
            assertThat(level.getPixel(p[0], p[1], (int[]) null))
                    .containsExactly(GRADIENT.at(p[0], p[1], 0), GRADIENT.at(p[0], p[1], 1), 90);
        }
    }

    @Test
    void anExtraChannelOfAFlattenedPsdIsIgnoredAsDocumented() throws Exception {
        // in a flattened PSD a fourth channel is a saved selection, not transparency ("extra channels are ignored")
        Raster level = convert(psd("rgb-extra.psd", TestPsd.RGB, 4, 8, GRADIENT, null));

        assertThat(level.getNumBands()).isEqualTo(3);
        assertThat(level.getPixel(500, 100, (int[]) null)).containsExactly(GRADIENT.at(500, 100, 0), GRADIENT.at(500, 100, 1), 90);
    }

    @Test
    void sixteenBitGrayPsdStaysSixteenBit() throws Exception {
        Raster level = convert(psd("gray16.psd", TestPsd.GRAY, 1, 16, (x, y, c) -> x * 100 + y, null));

        assertThat(level.getNumBands()).isEqualTo(1);
        assertThat(level.getSampleModel().getSampleSize(0)).isEqualTo(16);
        assertThat(level.getSample(500, 300, 0)).isEqualTo(500 * 100 + 300);
    }

    @Test
    void bitmapPsdBecomesGray() throws Exception {
        Raster level = convert(psd("bitmap.psd", TestPsd.BITMAP, 1, 1, (x, y, c) -> x < 300 ? 1 : 0, null));

        assertThat(level.getSample(100, 100, 0)).as("a set bit is black").isEqualTo(0);
        assertThat(level.getSample(500, 100, 0)).isEqualTo(255);
    }

    @Test
    void cmykPsdConvertsThroughItsEmbeddedProfileWhichIsAlsoEmbeddable() throws Exception {
        byte[] profile = TestProfiles.cmyk();
        Path source = psd("cmyk.psd", TestPsd.CMYK, 4, 8, (x, y, c) -> c == 0 && x < 300 ? 255 : 0, profile);

        Raster level = convert(source, "-cmsNoBlackPointCompensation");

        double[] cyan = TestProfiles.cmykToSrgb(1, 0, 0, 0);
        int[] left = level.getPixel(100, 100, (int[]) null);
        for (int c = 0; c < 3; c++) {
            assertThat((double) left[c]).as("channel %d", c).isCloseTo(cyan[c] * 255, org.assertj.core.data.Offset.offset(4.0));
        }
        assertThat(level.getPixel(500, 100, (int[]) null)).satisfies(p -> assertThat(p[0] + p[1] + p[2]).isGreaterThan(3 * 250));
        Path tagged = folder.resolve("tagged.tif");
        assertThat(ic("-convert", "-embedColorProfile", source.toString(), tagged.toString()).code()).isZero();
        assertThat(TiffReader.read(tagged).directories().get(0).bytes(TiffTag.ICC_PROFILE).orElse(null))
                .as("a CMYK profile does not describe the RGB result: sRGB is embedded").isEqualTo(
                        java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData());
    }

    @Test
    void pictBitmapConverts() throws Exception {
        BufferedImage image = TestImages.rgb(600, 400);
        Path source = folder.resolve("picture.pict");
        assertThat(ImageIO.write(image, "pict", source.toFile())).isTrue();

        Raster level = convert(source);

        ImageComparison c = ImageComparison.of(TestImages.readTiffLevel(folder.resolve("picture.pict.tif"), 0), image, 0, 0);
        assertThat(c.maxDifference).as(c.toString()).isZero();
        assertThat(level.getWidth()).isEqualTo(600);
    }

    @Test
    void epsIsRefusedWithTheReason() throws Exception {
        Path source = Files.writeString(folder.resolve("art.eps"),
                "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nnewpath 0 0 moveto 10 10 lineto stroke\n%%EOF\n",
                StandardCharsets.US_ASCII);

        Run run = ic("-convert", source.toString(), folder.resolve("art.tif").toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.stderr() + run.stdout()).contains("EPS is not supported", "PostScript interpreter");
        assertThat(folder.resolve("art.tif")).doesNotExist();
    }
}
