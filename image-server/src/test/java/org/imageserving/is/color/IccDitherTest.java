package org.imageserving.is.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.ColorCommands.RenderIntent;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.Test;

/**
 * {@code icc=…,1}: a slow sRGB gray ramp (one 8-bit level every four pixels, 512 pixels wide) converted to an RGB, a
 * gray and a CMYK profile with and without dither. Undithered, the engine rounds every pixel of a step the same way,
 * so the ramp stays a staircase of flat steps (longer where the profile compresses the tones); dithered, the pixels
 * of a step straddle the two nearest levels in proportion to the exact value, so values change far more often along a
 * row and no flat run is longer, while the mean stays that of the exact conversion (within half a level).
 */
class IccDitherTest {
    private static final Path CMYK = Path.of("/usr/share/color/icc/ghostscript/default_cmyk.icc");
    private static final Path ADOBE_RGB = Path.of("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc");
    private static final Path GRAY = Path.of("/usr/share/color/icc/Gray.icc");
    private static final int WIDTH = 512;
    private static final int HEIGHT = 16;

    @Test
    void rgbAndGrayRampsAreDitheredWithTheSameMean() throws Exception {
        DebianPackage.require(ADOBE_RGB, "icc-profiles-free");
        for (Path file : new Path[] {ADOBE_RGB, GRAY}) {
            ICC_Profile profile = ICC_Profile.getInstance(file.toString());
            BufferedImage plain = ramp();
            BufferedImage dithered = ramp();
            ColorConversion.inPlace(plain, profile, RenderIntent.RELATIVE, false, false);
            ColorConversion.inPlace(dithered, profile, RenderIntent.RELATIVE, false, true);
            for (int band = 0; band < 3; band++) {
                int shift = 16 - 8 * band;
                int[] a = Pixels.data(plain), b = Pixels.data(dithered);
                int[][] p = new int[HEIGHT][WIDTH], d = new int[HEIGHT][WIDTH];
                for (int i = 0; i < a.length; i++) {
                    p[i / WIDTH][i % WIDTH] = (a[i] >> shift) & 0xFF;
                    d[i / WIDTH][i % WIDTH] = (b[i] >> shift) & 0xFF;
                }
                assertDitheredNotBanded(file.getFileName() + " band " + band, p, d);
            }
        }
    }

    @Test
    void cmykRampIsDitheredWithTheSameMean() throws Exception {
        ICC_Profile profile = ICC_Profile.getInstance(DebianPackage.require(CMYK, "libgs-common").toString());
        Raster plain = ColorConversion.toCmyk(ramp(), profile, RenderIntent.PERCEPTUAL, true, false);
        Raster dithered = ColorConversion.toCmyk(ramp(), profile, RenderIntent.PERCEPTUAL, true, true);
        // black ink carries a gray ramp in its middle tones
        for (int band : new int[] {0, 3}) {
            int[][] p = new int[HEIGHT][], d = new int[HEIGHT][];
            for (int y = 0; y < HEIGHT; y++) {
                p[y] = plain.getSamples(0, y, WIDTH, 1, band, (int[]) null);
                d[y] = dithered.getSamples(0, y, WIDTH, 1, band, (int[]) null);
            }
            assertDitheredNotBanded("CMYK band " + band, p, d);
        }
    }

    @Test
    void withoutDitherTheConversionIsTheEightBitOneOfTheEngine() throws Exception {
        // the undithered path must stay what it was: the engine's own 8-bit result, byte for byte
        ICC_Profile profile = ICC_Profile.getInstance(DebianPackage.require(CMYK, "libgs-common").toString());
        BufferedImage source = ramp();
        Raster ours = ColorConversion.toCmyk(source, profile, RenderIntent.RELATIVE, false, false);
        java.awt.image.WritableRaster rgb = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
                WIDTH, HEIGHT, 3, null);
        int[] data = Pixels.data(source);
        for (int i = 0; i < data.length; i++) {
            rgb.setPixel(i % WIDTH, i / WIDTH, new int[] {(data[i] >> 16) & 0xFF, (data[i] >> 8) & 0xFF, data[i] & 0xFF});
        }
        java.awt.image.WritableRaster engine = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
                WIDTH, HEIGHT, 4, null);
        new IccTransform(ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB), profile, RenderIntent.RELATIVE,
                false).convert(rgb, engine);
        assertThat(((DataBufferByte) ours.getDataBuffer()).getData())
                .isEqualTo(((DataBufferByte) engine.getDataBuffer()).getData());
    }

    /** Gray from 96 up by one level every 4 pixels; each row starts one pixel further on, so that rows differ. */
    private static BufferedImage ramp() {
        BufferedImage image = Pixels.create(WIDTH, HEIGHT);
        int[] data = Pixels.data(image);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int v = 96 + (x + y) / 4;
                data[y * WIDTH + x] = 0xFF000000 | v << 16 | v << 8 | v;
            }
        }
        return image;
    }

    private static void assertDitheredNotBanded(String what, int[][] plain, int[][] dithered) {
        double plainSum = 0, ditheredSum = 0;
        int plainDistinct = 0, ditheredDistinct = 0, plainRun = 0, ditheredRun = 0, plainChanges = 0,
                ditheredChanges = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                plainSum += plain[y][x];
                ditheredSum += dithered[y][x];
            }
            plainDistinct += distinct(plain[y]);
            ditheredDistinct += distinct(dithered[y]);
            plainChanges += changes(plain[y]);
            ditheredChanges += changes(dithered[y]);
            plainRun = Math.max(plainRun, longestRun(plain[y]));
            ditheredRun = Math.max(ditheredRun, longestRun(dithered[y]));
        }
        double n = WIDTH * HEIGHT;
        assertThat(ditheredSum / n).as("%s: mean level dithered vs. not", what)
                .isCloseTo(plainSum / n, org.assertj.core.data.Offset.offset(0.5));
        assertThat(distinct(plain[0])).as("%s: the ramp spans levels", what).isGreaterThan(10);
        assertThat(ditheredDistinct).as("%s: distinct values, dithered vs. %d plain", what, plainDistinct)
                .isGreaterThanOrEqualTo(plainDistinct);
        assertThat(ditheredChanges).as("%s: value changes along the rows, dithered vs. %d plain", what, plainChanges)
                .isGreaterThan(2 * plainChanges);
        assertThat(ditheredRun).as("%s: longest run of equal values, dithered vs. %d plain", what, plainRun)
                .isLessThanOrEqualTo(plainRun);
    }

    private static int distinct(int[] row) {
        Set<Integer> values = new HashSet<>();
        for (int v : row) {
            values.add(v);
        }
        return values.size();
    }

    private static int changes(int[] row) {
        int changes = 0;
        for (int x = 1; x < row.length; x++) {
            changes += row[x] == row[x - 1] ? 0 : 1;
        }
        return changes;
    }

    private static int longestRun(int[] row) {
        int longest = 1, run = 1;
        for (int x = 1; x < row.length; x++) {
            run = row[x] == row[x - 1] ? run + 1 : 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
