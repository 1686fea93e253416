package org.imageserving.is.color;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Path;
import org.imageserving.is.request.ColorCommands.RenderIntent;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.Test;

/**
 * The two engines {@link IccTransform} can use, the system's LittleCMS and the JDK's with our intent and black point
 * handling, against each other on a cube of sRGB colours, so that the fallback stays true while the tests against
 * {@code tificc} ({@link ColorConversionTest}) now run through LittleCMS. Tolerance as there: 6 of 255 for CMYK.
 */
class IccTransformTest {
    private static final Path CMYK = Path.of("/usr/share/color/icc/ghostscript/default_cmyk.icc");

    @Test
    void systemLittleCmsIsLoaded() {
        assertThat(LittleCms.available()).as(LittleCms.SONAME + " (Debian liblcms2-2)").isTrue();
    }

    @Test
    void littleCmsAndTheJdkFallbackAgreeOnEveryIntentWithAndWithoutBlackPointCompensation() throws Exception {
        ICC_Profile cmyk = ICC_Profile.getInstance(DebianPackage.require(CMYK, "libgs-common").toString());
        ICC_Profile srgb = ICC_Profile.getInstance(ColorSpace.CS_sRGB);
        Raster cube = cube();
        for (RenderIntent intent : new RenderIntent[] {RenderIntent.PERCEPTUAL, RenderIntent.RELATIVE}) {
            for (boolean bpc : new boolean[] {false, true}) {
                IccTransform transform = new IccTransform(srgb, cmyk, intent, bpc);
                WritableRaster native8 = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 6 * 6 * 6, 1, 4, null);
                WritableRaster jdk8 = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 6 * 6 * 6, 1, 4, null);
                transform.convert(cube, native8);
                transform.convertWithJdk(cube, jdk8);
                int[] a = native8.getPixels(0, 0, 216, 1, (int[]) null);
                int[] b = jdk8.getPixels(0, 0, 216, 1, (int[]) null);
                int worst = 0;
                for (int i = 0; i < a.length; i++) {
                    worst = Math.max(worst, Math.abs(a[i] - b[i]));
                }
                assertThat(worst).as(intent + (bpc ? " with BPC" : "")).isLessThanOrEqualTo(6);
            }
        }
    }

    @Test
    void sixteenBitOutputForDitherIsTheEightBitResultWithItsFraction() throws Exception {
        ICC_Profile cmyk = ICC_Profile.getInstance(DebianPackage.require(CMYK, "libgs-common").toString());
        IccTransform transform = new IccTransform(ICC_Profile.getInstance(ColorSpace.CS_sRGB), cmyk,
                RenderIntent.RELATIVE, true);
        Raster cube = cube();
        WritableRaster eight = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 216, 1, 4, null);
        WritableRaster sixteen = Raster.createInterleavedRaster(DataBuffer.TYPE_USHORT, 216, 1, 4, null);
        transform.convert(cube, eight);
        transform.convert(cube, sixteen);
        int[] a = eight.getPixels(0, 0, 216, 1, (int[]) null);
        int[] b = sixteen.getPixels(0, 0, 216, 1, (int[]) null);
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - Math.round(b[i] / 257f))).as("sample " + i).isLessThanOrEqualTo(1);
        }
    }

    private static Raster cube() {
        byte[] rgb = new byte[216 * 3];
        int i = 0;
        for (int r = 0; r < 6; r++) {
            for (int g = 0; g < 6; g++) {
                for (int b = 0; b < 6; b++) {
                    rgb[i++] = (byte) (r * 51);
                    rgb[i++] = (byte) (g * 51);
                    rgb[i++] = (byte) (b * 51);
                }
            }
        }
        return Raster.createInterleavedRaster(new DataBufferByte(rgb, rgb.length), 216, 1, 216 * 3, 3,
                new int[] {0, 1, 2}, null);
    }
}
