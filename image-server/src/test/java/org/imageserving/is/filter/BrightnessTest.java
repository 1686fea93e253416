package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class BrightnessTest {
    private final Brightness brightness = new Brightness();

    @Test
    void shiftsEveryChannelByAPercentageOfTheRange() {
        assertThat(rgb(apply(brightness, quadrants(), Map.of("op_brightness", "20")), 10, 10)).isEqualTo(0xFF3333);
        assertThat(rgb(apply(brightness, quadrants(), Map.of("op_brightness", "-100")), 10, 10)).isEqualTo(0x000000);
        assertThat(rgb(apply(brightness, solid(4, 4, 0x808080), Map.of("op_brightness", "100")), 0, 0))
                .isEqualTo(0xFFFFFF);
    }

    @Test
    void keepsAlphaAndWorksOnUnpremultipliedColour() {
        BufferedImage out = apply(brightness, solid(4, 4, 0x404040, 128), Map.of("op_brightness", "20"));
        assertThat(alpha(out, 1, 1)).isEqualTo(128);
        assertThat(rgb(out, 1, 1) & 0xFF).isBetween(0x72, 0x74); // 0x40 + 51, give or take the premultiplied rounding
    }

    @Test
    void zeroIsNoStepAndOutOfRangeIsAUsageError() {
        assertThat(brightness.parse(Map.of("op_brightness", "0"))).isEmpty();
        assertThatThrownBy(() -> brightness.parse(Map.of("op_brightness", "abc"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_brightness=abc");
        assertThatThrownBy(() -> brightness.parse(Map.of("op_brightness", "101"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_brightness=101");
    }
}
