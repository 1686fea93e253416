package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class ColorBalanceTest {
    private final ColorBalance balance = new ColorBalance();

    @Test
    void shiftsEachChannelByItsOwnPercentage() {
        // 128 + 51 = 179, 128, 128 − 51 = 77
        assertThat(rgb(apply(balance, solid(2, 2, 0x808080), Map.of("op_colorbalance", "20,0,-20")), 0, 0))
                .isEqualTo(0xB3804D);
        assertThat(rgb(apply(balance, solid(2, 2, 0x808080), Map.of("op_colorbalance", "100,0,-100")), 1, 1))
                .isEqualTo(0xFF8000);
    }

    @Test
    void keepsAlpha() {
        BufferedImage out = apply(balance, solid(2, 2, 0x808080, 128), Map.of("op_colorbalance", "0,20,0"));
        assertThat(alpha(out, 0, 0)).isEqualTo(128);
        assertThat(rgb(out, 0, 0) >> 8 & 0xFF).isBetween(0xB2, 0xB4);
    }

    @Test
    void noChangeIsNoStepAndBadValuesAreUsageErrors() {
        assertThat(balance.parse(Map.of("op_colorbalance", "0,0,0"))).isEmpty();
        assertThatThrownBy(() -> balance.parse(Map.of("op_colorbalance", "10,10"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_colorbalance=10,10").hasMessageContaining("expects 3");
        assertThatThrownBy(() -> balance.parse(Map.of("op_colorbalance", "0,101,0")))
                .isInstanceOf(RenderException.class).hasMessageContaining("101 is outside -100..100");
    }
}
