package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class GrowTest {
    private final Grow grow = new Grow();

    /** Transparent, with an opaque red square {@code side} wide centred in it. */
    static BufferedImage square(int size, int side) {
        BufferedImage image = Pixels.create(size, size);
        int from = (size - side) / 2;
        for (int y = from; y < from + side; y++) {
            for (int x = from; x < from + side; x++) {
                image.setRGB(x, y, 0xFF000000 | RED);
            }
        }
        return image;
    }

    static int opaque(BufferedImage image) {
        int n = 0;
        for (int p : Pixels.data(image)) {
            n += p >>> 24 == 255 ? 1 : 0;
        }
        return n;
    }

    @Test
    void aPositiveRadiusGrowsAShapeByADisc() {
        BufferedImage out = apply(grow, square(9, 1), Map.of("op_grow", "2"));
        // the offsets with dx² + dy² ≤ 4: 1 + 4 + 4 + 4 = 13 pixels
        assertThat(opaque(out)).isEqualTo(13);
        assertThat(out.getRGB(4, 2)).isEqualTo(0xFF000000 | RED);
        assertThat(out.getRGB(5, 5)).isEqualTo(0xFF000000 | RED);
        assertThat(alpha(out, 6, 5)).as("(2,1) is √5 away").isZero();
    }

    @Test
    void aNegativeRadiusErodes() {
        // a 9 × 9 square loses 2 pixels on every side
        BufferedImage out = apply(grow, square(15, 9), Map.of("op_grow", "-2"));
        assertThat(opaque(out)).isEqualTo(25);
        assertThat(alpha(out, 5, 5)).isEqualTo(255);
        assertThat(alpha(out, 4, 7)).isZero();
    }

    @Test
    void theImageEdgeIsNotEatenFrom() {
        BufferedImage out = apply(grow, solid(10, 10, BLUE), Map.of("op_grow", "-3"));
        assertThat(Pixels.data(out)).isEqualTo(Pixels.data(solid(10, 10, BLUE)));
    }

    @Test
    void eachComponentOnItsOwn() {
        // a dark speck on white disappears when grown, and a white speck on black grows
        BufferedImage speck = solid(5, 5, 0xFFFFFF);
        speck.setRGB(2, 2, 0xFF000000);
        assertThat(Pixels.data(apply(grow, speck, Map.of("op_grow", "1"))))
                .isEqualTo(Pixels.data(solid(5, 5, 0xFFFFFF)));
        BufferedImage light = solid(5, 5, 0);
        light.setRGB(2, 2, 0xFF808080);
        BufferedImage out = apply(grow, light, Map.of("op_grow", "1"));
        assertThat(rgb(out, 2, 1)).isEqualTo(0x808080);
        assertThat(rgb(out, 1, 1)).isZero();
        // red next to green: both channels spread, so the border turns yellow
        assertThat(rgb(apply(grow, quadrants(), Map.of("op_grow", "2")), 99, 10)).isEqualTo(YELLOW);
    }

    @Test
    void theRadiusIsInCompositePixels() {
        BufferedImage halved = apply(grow, square(15, 1), Map.of("op_grow", "4"), new FilterScale(0.5, 1));
        BufferedImage given = apply(grow, square(15, 1), Map.of("op_grow", "2"));
        assertThat(Pixels.data(halved)).isEqualTo(Pixels.data(given));
    }

    @Test
    void zeroIsNoStepAndOutOfRangeIsAUsageError() {
        assertThat(grow.parse(Map.of("op_grow", "0"))).isEmpty();
        assertThatThrownBy(() -> grow.parse(Map.of("op_grow", "101"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_grow=101");
        assertThatThrownBy(() -> grow.parse(Map.of("op_grow", "1.5"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_grow=1.5");
    }
}
