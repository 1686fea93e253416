package org.imageserving.is.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.ColorCommands.RenderIntent;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in CMYK profile: a valid profile for two engines, with the ink model it promises. */
class GenericCmykProfileTest {
    private static final ICC_Profile PROFILE = ICC_Profile.getInstance(GenericCmykProfile.create());

    @TempDir
    Path dir;

    @Test
    void primariesGrayAndWhiteGetTheInksOfTheModel() {
        BufferedImage image = Pixels.create(5, 1);
        int[] data = Pixels.data(image);
        data[0] = 0xFFFF0000; // red: magenta and yellow
        data[1] = 0xFF0000FF; // blue: cyan and magenta
        data[2] = 0xFF808080; // gray: black alone (full gray component replacement)
        data[3] = 0xFFFFFFFF; // white: no ink
        data[4] = 0xFF000000; // black: black alone
        Raster cmyk = ColorConversion.toCmyk(image, PROFILE, RenderIntent.PERCEPTUAL, false, false);
        assertInks(cmyk, 0, 0, 255, 255, 0);
        assertInks(cmyk, 1, 255, 255, 0, 0);
        assertInks(cmyk, 2, 0, 0, 0, 127);
        assertInks(cmyk, 3, 0, 0, 0, 0);
        assertInks(cmyk, 4, 0, 0, 0, 255);
    }

    @Test
    void cmykBackToSrgbGivesTheColourAgain() {
        // the ink model is sRGB's gamut, so a round trip loses only table interpolation: a few levels
        BufferedImage image = Pixels.create(6, 1);
        int[] data = Pixels.data(image);
        int[] colours = {0xFFC04020, 0xFF20A060, 0xFF3050D0, 0xFFE0E0A0, 0xFF404040, 0xFF8000FF};
        System.arraycopy(colours, 0, data, 0, colours.length);
        Raster cmyk = ColorConversion.toCmyk(image, PROFILE, RenderIntent.PERCEPTUAL, false, false);
        java.awt.image.ColorConvertOp back = new java.awt.image.ColorConvertOp(new ICC_Profile[] {PROFILE,
                ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB)}, null);
        java.awt.image.WritableRaster rgb = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 6, 1,
                3, null);
        back.filter(cmyk, rgb);
        for (int i = 0; i < colours.length; i++) {
            for (int b = 0; b < 3; b++) {
                assertThat(rgb.getSample(i, 0, b)).as("colour %d band %d", i, b)
                        .isCloseTo((colours[i] >> (16 - 8 * b)) & 0xFF, Offset.offset(6));
            }
        }
    }

    @Test
    void littleCmsCommandLineReadsItAndAgrees() throws Exception {
        Path tificc = DebianPackage.require(Path.of("/usr/bin/tificc"), "liblcms2-utils");
        Path file = Files.write(dir.resolve("generic-cmyk.icc"), GenericCmykProfile.create());
        BufferedImage image = Pixels.create(36, 6);
        int[] data = Pixels.data(image);
        for (int i = 0; i < data.length; i++) {
            int r = i / 36 * 51, g = (i / 6) % 6 * 51, b = i % 6 * 51;
            data[i] = 0xFF000000 | r << 16 | g << 8 | b;
        }
        BufferedImage rgb = new BufferedImage(36, 6, BufferedImage.TYPE_3BYTE_BGR);
        rgb.setRGB(0, 0, 36, 6, data, 0, 36);
        Path in = dir.resolve("in.tif"), out = dir.resolve("out.tif");
        ImageIO.write(rgb, "tiff", in.toFile());
        Process p = new ProcessBuilder(tificc.toString(), "-t0", "-o", file.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        var reader = ImageIO.getImageReadersByFormatName("tiff").next();
        reader.setInput(ImageIO.createImageInputStream(out.toFile()));
        Raster theirs = reader.readRaster(0, null);
        Raster ours = ColorConversion.toCmyk(image, ICC_Profile.getInstance(file.toString()), RenderIntent.PERCEPTUAL, false, false);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 36; x++) {
                for (int b = 0; b < 4; b++) {
                    // as in ColorConversionTest: same tables, different precision
                    assertThat(ours.getSample(x, y, b)).as("band %d at %d,%d", b, x, y)
                            .isCloseTo(theirs.getSample(x, y, b), Offset.offset(6));
                }
            }
        }
    }

    private static void assertInks(Raster cmyk, int x, int c, int m, int y, int k) {
        int[] px = cmyk.getPixel(x, 0, (int[]) null);
        assertThat(px).as("pixel %d", x).satisfies(p -> {
            assertThat(p[0]).isCloseTo(c, Offset.offset(4));
            assertThat(p[1]).isCloseTo(m, Offset.offset(4));
            assertThat(p[2]).isCloseTo(y, Offset.offset(4));
            assertThat(p[3]).isCloseTo(k, Offset.offset(4));
        });
    }
}
