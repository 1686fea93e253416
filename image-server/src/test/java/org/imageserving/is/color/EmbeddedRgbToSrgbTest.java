package org.imageserving.is.color;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The cached LittleCMS conversion on Leptonica's native words against the JDK's {@code ColorConvertOp} on the same
 * values (the ImageIO path's conversion): within 1 level per channel, LittleCMS's 8-bit fixed-point rounding.
 */
class EmbeddedRgbToSrgbTest {
    @Test
    void convertsNativeWordsAsTheJdkEngineDoesAndKeepsTheSpareByte() throws IOException {
        assertThat(LittleCms.available()).as(LittleCms.SONAME + " (Debian liblcms2-2)").isTrue();
        ICC_Profile adobe;
        try (InputStream in = getClass().getResourceAsStream("/org/imageserving/is/color/profiles/AdobeRGB.icc")) {
            adobe = ICC_Profile.getInstance(in);
        }
        int width = 37, height = 5, wordsPerLine = 40; // padded lines: the padding must stay as it is
        Random random = new Random(3);
        byte[] rgb = new byte[3 * width * height];
        random.nextBytes(rgb);
        try (Memory words = new Memory(4L * wordsPerLine * height)) {
            for (int i = 0; i < wordsPerLine * height; i++) {
                words.setInt(4L * i, 0x5A5A5A5A);
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = 3 * (y * width + x);
                    words.setInt(4L * (y * wordsPerLine + x),
                            (rgb[p] & 0xFF) << 24 | (rgb[p + 1] & 0xFF) << 16 | (rgb[p + 2] & 0xFF) << 8 | 0x77);
                }
            }
            EmbeddedRgbToSrgb.from(adobe).orElseThrow().convertLeptonicaWords(Pointer.nativeValue(words), width, height,
                    wordsPerLine);

            WritableRaster source = Raster.createInterleavedRaster(new DataBufferByte(rgb, rgb.length), width, height,
                    3 * width, 3, new int[] {0, 1, 2}, null);
            WritableRaster expected = source.createCompatibleWritableRaster();
            new ColorConvertOp(new ICC_Profile[] {adobe, ICC_Profile.getInstance(ColorSpace.CS_sRGB)}, null)
                    .filter(source, expected);
            byte[] reference = ((DataBufferByte) expected.getDataBuffer()).getData();
            int changed = 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < wordsPerLine; x++) {
                    int word = words.getInt(4L * (y * wordsPerLine + x));
                    if (x >= width) {
                        assertThat(word).isEqualTo(0x5A5A5A5A);
                        continue;
                    }
                    assertThat(word & 0xFF).isEqualTo(0x77);
                    int p = 3 * (y * width + x);
                    for (int c = 0; c < 3; c++) {
                        int ours = (word >>> (24 - 8 * c)) & 0xFF;
                        assertThat(Math.abs(ours - (reference[p + c] & 0xFF))).isLessThanOrEqualTo(1);
                        changed += ours != (rgb[p + c] & 0xFF) ? 1 : 0;
                    }
                }
            }
            assertThat(changed).as("Adobe RGB values are not sRGB's").isGreaterThan(width * height);
        }
    }

    /** Transforms are kept for good, so their number is bounded; files with further profiles take the JDK's engine. */
    @Test
    void keepsABoundedNumberOfProfiles() {
        Map<ByteBuffer, EmbeddedRgbToSrgb> kept = new ConcurrentHashMap<>();
        ICC_Profile[] variants = new ICC_Profile[4];
        for (int i = 0; i < variants.length; i++) {
            variants[i] = ICC_Profile.getInstance(ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData());
            byte[] red = variants[i].getData(ICC_Profile.icSigRedColorantTag);
            red[11] = (byte) (red[11] + 1 + i); // a slightly different red primary: a profile of its own
            variants[i].setData(ICC_Profile.icSigRedColorantTag, red);
        }
        Optional<EmbeddedRgbToSrgb> first = EmbeddedRgbToSrgb.from(variants[0], kept, 2);
        assertThat(first).isPresent();
        assertThat(EmbeddedRgbToSrgb.from(variants[1], kept, 2)).isPresent();
        assertThat(EmbeddedRgbToSrgb.from(variants[2], kept, 2)).isEmpty();
        assertThat(EmbeddedRgbToSrgb.from(variants[3], kept, 2)).isEmpty();
        assertThat(kept).hasSize(2);
        assertThat(EmbeddedRgbToSrgb.from(variants[0], kept, 2)).containsSame(first.get());
    }
}
