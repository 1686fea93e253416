package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class ColorizeTest {
    private static final int TINT = 0xA0B0C0;
    private final Colorize colorize = new Colorize();

    /** Vertical bands of equal width, one per gray level. */
    static BufferedImage bands(int... levels) {
        BufferedImage image = Pixels.create(10 * levels.length, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int g = levels[x / 10];
                image.setRGB(x, y, 0xFF000000 | g << 16 | g << 8 | g);
            }
        }
        return image;
    }

    @Test
    void offTintsByLuminanceKeepingBlackAndWhite() {
        BufferedImage out = apply(colorize, bands(0, 51, 255), Map.of("op_colorize", "a0b0c0,off"));
        assertThat(rgb(out, 5, 0)).isZero();
        // 51 / 127.5 = 0.4 of the way from black to the tint: 64, 70.4, 76.8
        assertThat(rgb(out, 15, 0)).isEqualTo(0x40464D);
        assertThat(rgb(out, 25, 0)).isEqualTo(0xFFFFFF);
    }

    @Test
    void normMovesTheMedianToHalfSoTheTypicalPixelTakesTheColour() {
        BufferedImage out = apply(colorize, bands(0, 51, 255), Map.of("op_colorize", "a0b0c0"));
        assertThat(rgb(out, 15, 2)).isEqualTo(TINT);
        assertThat(rgb(out, 5, 2)).isZero();
        assertThat(rgb(out, 25, 2)).isEqualTo(0xFFFFFF);
        assertThat(rgb(apply(colorize, solid(3, 3, 0x333333), Map.of("op_colorize", "a0b0c0,norm")), 1, 1))
                .isEqualTo(TINT);
    }

    @Test
    void aContrastSetsTheRangeAroundTheMedian() {
        // 64, 128, 192: the median is 128; contrast 100 spreads 64..192 over the whole range, 50 over half of it
        BufferedImage full = apply(colorize, bands(64, 128, 192), Map.of("op_colorize", "a0b0c0,norm,100"));
        assertThat(rgb(full, 5, 0)).isZero();
        assertThat(rgb(full, 15, 0)).isEqualTo(TINT);
        assertThat(rgb(full, 25, 0)).isEqualTo(0xFFFFFF);
        BufferedImage half = apply(colorize, bands(64, 128, 192), Map.of("op_colorize", "a0b0c0,norm,50"));
        assertThat(rgb(half, 5, 0)).isEqualTo(0x505860);
        assertThat(rgb(half, 25, 0)).isEqualTo(0xD0D8E0);
    }

    @Test
    void keepsAlphaAndLeavesTransparentPixelsAlone() {
        BufferedImage out = apply(colorize, halfTransparent(10, 2, 0x808080), Map.of("op_colorize", "a0b0c0"));
        assertThat(out.getRGB(1, 1)).isZero();
        assertThat(out.getRGB(8, 1)).isEqualTo(0xFF000000 | TINT);
    }

    @Test
    void parsesColoursWithCommasAndLettersOnly() {
        assertThat(colorize.parse(Map.of("op_colorize", "200,0,0,norm,30")))
                .contains(new Colorize.Settings(0xC80000, true, 30));
        assertThat(colorize.parse(Map.of("op_colorize", "faceba"))).contains(new Colorize.Settings(0xFACEBA, true, 0));
        assertThat(colorize.parse(Map.of("op_colorize", "0xff0000,off,50")))
                .as("the page: contrast is ignored without brightness compensation")
                .contains(new Colorize.Settings(0xFF0000, false, 0));
    }

    @Test
    void grayAndCmykColoursAndUnknownWordsAreUsageErrors() {
        for (String bad : new String[] {"50g", "0x80", "10,20,30,40,100", "0,0,0,100k", "ff0000,bright", "norm",
                "ff0000,norm,101", "ff0000,norm,5,5"}) {
            assertThatThrownBy(() -> colorize.parse(Map.of("op_colorize", bad))).as(bad)
                    .isInstanceOf(RenderException.class).hasMessageContaining("op_colorize=");
        }
    }

    @Test
    void colorizeWithoutThePrefixIsAnAliasAndThePrefixedCommandWins() {
        assertThat(colorize.parse(Map.of("colorize", "200,0,0"))).contains(new Colorize.Settings(0xC80000, true, 0));
        assertThat(colorize.parse(Map.of("colorize", "200,0,0", "op_colorize", "0,0,200,off")))
                .contains(new Colorize.Settings(0x0000C8, false, 0));
        assertThatThrownBy(() -> colorize.parse(Map.of("colorize", "50g"))).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("colorize=50g");
    }
}
