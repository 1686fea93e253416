package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResamplerTest {
    @ParameterizedTest
    @EnumSource(Kernel.class)
    void aFlatImageStaysFlatUpAndDownIncludingTheEdges(Kernel kernel) {
        BufferedImage flat = Pixels.create(37, 23);
        java.util.Arrays.fill(Pixels.data(flat), 0xFF336699);
        for (int[] size : new int[][] {{10, 7}, {37, 23}, {100, 61}, {3, 1}}) {
            BufferedImage out = Resampler.resample(flat, 0, 0, 37, 23, size[0], size[1], kernel);
            for (int p : Pixels.data(out)) {
                assertThat(Integer.toHexString(p)).isEqualTo("ff336699");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void transparentPixelsDoNotBleedTheirColour(Kernel kernel) {
        // Left half opaque white, right half transparent *red* (premultiplied: all zero). No red may appear.
        BufferedImage image = Pixels.create(40, 4);
        int[] d = Pixels.data(image);
        for (int i = 0; i < d.length; i++) {
            d[i] = (i % 40) < 20 ? 0xFFFFFFFF : 0;
        }
        BufferedImage out = Resampler.resample(image, 0, 0, 40, 4, 13, 2, kernel);
        for (int p : Pixels.data(out)) {
            int a = p >>> 24, r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            assertThat(r).isEqualTo(g).isEqualTo(b).isLessThanOrEqualTo(a); // premultiplied white of some opacity
        }
    }

    @ParameterizedTest
    @EnumSource(Kernel.class)
    void reductionAveragesAllPixels(Kernel kernel) {
        // Alternating black and white columns reduced 8x must be mid gray, not black or white (no aliasing).
        BufferedImage image = Pixels.create(64, 8);
        int[] d = Pixels.data(image);
        for (int i = 0; i < d.length; i++) {
            d[i] = (i % 2 == 0) ? 0xFF000000 : 0xFFFFFFFF;
        }
        BufferedImage out = Resampler.resample(image, 0, 0, 64, 8, 8, 1, kernel);
        for (int x = 1; x < 7; x++) {
            assertThat(Pixels.data(out)[x] & 0xFF).isBetween(120, 135);
        }
    }
}
