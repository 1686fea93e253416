package org.imageserving.is.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.ColorCommands.RenderIntent;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our conversions (the JDK's LittleCMS) against Debian's LittleCMS command line ({@code tificc}) with the same
 * profiles and intent, on a 6x6x6 cube of sRGB colours. Allowed difference: 3 of 255 per channel (6 for CMYK, see
 * {@link #CMYK_TOLERANCE}). Both engines
 * evaluate the same tables; they differ in precision (the JDK builds an optimised 8-bit transform, tificc works on
 * 16-bit values and an sRGB profile of its own making, not the JDK's), which moves values by one or two levels;
 * a wrong intent, profile or channel order moves them by tens.
 */
class ColorConversionTest {
    private static final Path CMYK = Path.of("/usr/share/color/icc/ghostscript/default_cmyk.icc");
    private static final Path ADOBE_RGB = Path.of("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc");
    private static final Path GRAY = Path.of("/usr/share/color/icc/Gray.icc");
    private static final int TOLERANCE = 3;
    /**
     * CMYK tables are steep where colours leave the press gamut (saturated blues and greens): one level of difference
     * in the Lab the two engines compute picks a neighbouring table entry there, up to 6 of 255 (2.4 % ink) apart.
     */
    private static final int CMYK_TOLERANCE = 6;

    @TempDir
    Path dir;

    @Test
    void cmykMatchesLittleCmsTificc() throws Exception {
        ICC_Profile profile = ICC_Profile.getInstance(DebianPackage.require(CMYK, "libgs-common").toString());
        BufferedImage cube = cube();
        for (RenderIntent intent : List.of(RenderIntent.PERCEPTUAL, RenderIntent.RELATIVE)) {
            Raster ours = ColorConversion.toCmyk(cube, profile, intent, false, false);
            Raster theirs = tificc(cube, CMYK, intent);
            assertClose(ours, theirs, 4, CMYK_TOLERANCE);
        }
    }

    @Test
    void blackPointCompensationAndAbsoluteColorimetricMatchTificc() throws Exception {
        ICC_Profile profile = ICC_Profile.getInstance(DebianPackage.require(CMYK, "libgs-common").toString());
        BufferedImage cube = cube();
        assertClose(ColorConversion.toCmyk(cube, profile, RenderIntent.RELATIVE, true, false),
                tificc(cube, CMYK, RenderIntent.RELATIVE, "-b"), 4, CMYK_TOLERANCE);
        // absolute colorimetric darkens colours towards the paper's, so more of them meet the steep gamut edge
        assertClose(ColorConversion.toCmyk(cube, profile, RenderIntent.ABSOLUTE, false, false),
                tificc(cube, CMYK, RenderIntent.ABSOLUTE), 4, CMYK_TOLERANCE + 2);
    }

    @Test
    void rgbAndGrayProfilesMatchLittleCmsTificc() throws Exception {
        DebianPackage.require(ADOBE_RGB, "icc-profiles-free");
        for (Path file : List.of(ADOBE_RGB, GRAY)) {
            ICC_Profile profile = ICC_Profile.getInstance(file.toString());
            BufferedImage cube = cube();
            Raster theirs = tificc(cube, file, RenderIntent.RELATIVE);
            ColorConversion.inPlace(cube, profile, RenderIntent.RELATIVE, false, false);
            int bands = profile.getNumComponents();
            int[] data = Pixels.data(cube);
            for (int i = 0; i < data.length; i++) {
                int x = i % cube.getWidth(), y = i / cube.getWidth();
                for (int b = 0; b < bands; b++) {
                    int ours = (data[i] >> (bands == 1 ? 0 : 16 - 8 * b)) & 0xFF;
                    assertThat(ours).as("%s band %d at %d,%d", file.getFileName(), b, x, y)
                            .isCloseTo(theirs.getSample(x, y, b), org.assertj.core.data.Offset.offset(TOLERANCE));
                }
            }
        }
    }

    @Test
    void anRgbProfileChangesSaturatedColoursAndKeepsWhite() throws Exception {
        ICC_Profile profile = ICC_Profile.getInstance(DebianPackage.require(ADOBE_RGB, "icc-profiles-free").toString());
        BufferedImage image = Pixels.create(2, 1);
        Pixels.data(image)[0] = 0xFF00FF00;
        Pixels.data(image)[1] = 0xFFFFFFFF;
        ColorConversion.inPlace(image, profile, RenderIntent.RELATIVE, false, false);
        int green = Pixels.data(image)[0];
        assertThat((green >> 16) & 0xFF).as("red of sRGB green in Adobe RGB").isGreaterThan(100);
        assertThat(Pixels.data(image)[1]).isEqualTo(0xFFFFFFFF);
    }

    private static void assertClose(Raster ours, Raster theirs, int bands, int tolerance) {
        int max = 0;
        String where = "";
        for (int y = 0; y < ours.getHeight(); y++) {
            for (int x = 0; x < ours.getWidth(); x++) {
                for (int b = 0; b < bands; b++) {
                    int d = Math.abs(ours.getSample(x, y, b) - theirs.getSample(x, y, b));
                    if (d > max) {
                        max = d;
                        where = "band " + b + " at " + x + "," + y + ": ours " + ours.getSample(x, y, b) + ", tificc "
                                + theirs.getSample(x, y, b);
                    }
                }
            }
        }
        assertThat(max).as("largest difference (%s)", where).isLessThanOrEqualTo(tolerance);
    }

    /** Every combination of 0, 51, ..., 255 in R, G and B: 36 x 6 pixels. */
    private static BufferedImage cube() {
        BufferedImage image = Pixels.create(36, 6);
        int[] data = Pixels.data(image);
        int i = 0;
        for (int r = 0; r < 6; r++) {
            for (int g = 0; g < 6; g++) {
                for (int b = 0; b < 6; b++) {
                    data[i++] = 0xFF000000 | (r * 51) << 16 | (g * 51) << 8 | b * 51;
                }
            }
        }
        return image;
    }

    /** The cube converted by tificc from its built-in sRGB to {@code profile}. */
    private Raster tificc(BufferedImage working, Path profile, RenderIntent intent, String... options) throws Exception {
        Path tificc = DebianPackage.require(Path.of("/usr/bin/tificc"), "liblcms2-utils");
        BufferedImage rgb = new BufferedImage(working.getWidth(), working.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.setRGB(0, 0, working.getWidth(), working.getHeight(), Pixels.data(working), 0, working.getWidth());
        Path in = dir.resolve("in.tif");
        Path out = dir.resolve("out-" + intent + String.join("", options) + ".tif");
        assertThat(ImageIO.write(rgb, "tiff", in.toFile())).isTrue();
        List<String> command = new java.util.ArrayList<>(List.of(tificc.toString(), "-t" + intent.ordinal()));
        command.addAll(List.of(options));
        command.addAll(List.of("-o", profile.toString(), in.toString(), out.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return readRaster(out);
    }

    private static Raster readRaster(Path file) throws IOException {
        var reader = ImageIO.getImageReadersByFormatName("tiff").next();
        try (var stream = ImageIO.createImageInputStream(Files.newInputStream(file))) {
            reader.setInput(stream);
            return reader.readRaster(0, null);
        } finally {
            reader.dispose();
        }
    }
}
