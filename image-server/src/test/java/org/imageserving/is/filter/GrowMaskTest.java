package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class GrowMaskTest {
    private final GrowMask growMask = new GrowMask();

    @Test
    void growingUncoversPixelsInTheColourOfTheEdge() {
        // left half (x < 5) transparent
        BufferedImage out = apply(growMask, halfTransparent(10, 4, RED), Map.of("op_growmaskr", "2"));
        assertThat(alpha(out, 2, 1)).isZero();
        assertThat(out.getRGB(3, 1)).isEqualTo(0xFF000000 | RED);
        assertThat(out.getRGB(4, 3)).isEqualTo(0xFF000000 | RED);
    }

    @Test
    void shrinkingHidesTheEdgeAndKeepsColours() {
        BufferedImage out = apply(growMask, halfTransparent(10, 4, GREEN), Map.of("op_growmaskr", "-2"));
        assertThat(alpha(out, 6, 0)).isZero();
        assertThat(out.getRGB(7, 0)).isEqualTo(0xFF000000 | GREEN);
    }

    @Test
    void halfTransparentPixelsKeepTheirColourAsTheirAlphaChanges() {
        BufferedImage image = solid(5, 1, 0x804020, 64);
        image.setRGB(0, 0, 0xFF804020);
        BufferedImage out = apply(growMask, image, Map.of("op_growmaskr", "1"));
        assertThat(out.getRGB(1, 0)).isEqualTo(0xFF804020);
        assertThat(alpha(out, 2, 0)).isEqualTo(64);
    }

    @Test
    void onlyTheMaskChanges() {
        // an opaque image has nothing to grow or shrink, unlike op_grow, which spreads colours
        assertThat(Pixels.data(apply(growMask, quadrants(), Map.of("op_growmaskr", "3"))))
                .isEqualTo(Pixels.data(quadrants()));
        assertThat(Pixels.data(apply(growMask, quadrants(), Map.of("op_growmaskr", "-3"))))
                .isEqualTo(Pixels.data(quadrants()));
    }

    @Test
    void growMaskRadiusShrinksWithTheImageAndGrowMaskRRadiusIsUsedAsGiven() {
        FilterScale quarter = new FilterScale(1, 0.25);
        BufferedImage scaled = apply(growMask, halfTransparent(20, 4, BLUE), Map.of("op_growmask", "8"), quarter);
        BufferedImage given = apply(growMask, halfTransparent(20, 4, BLUE), Map.of("op_growmaskr", "2"), quarter);
        assertThat(Pixels.data(scaled)).isEqualTo(Pixels.data(given));
        assertThat(alpha(given, 8, 0)).isEqualTo(255);
    }

    @Test
    void growMaskRWinsAndBadValuesAreUsageErrors() {
        assertThat(growMask.parse(Map.of("op_growmask", "3", "op_growmaskr", "-1")))
                .contains(new GrowMask.Settings(-1, false));
        assertThat(growMask.parse(Map.of("op_growmask", "0"))).isEmpty();
        assertThatThrownBy(() -> growMask.parse(Map.of("op_growmaskr", "-101"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_growMaskR=-101");
        assertThatThrownBy(() -> growMask.parse(Map.of("op_growmask", "x"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_growMask=x");
    }
}
