package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.util.Map;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class ContrastTest {
    private final Contrast contrast = new Contrast();

    @Test
    void minus100IsFlatGray() {
        assertThat(rgb(apply(contrast, quadrants(), Map.of("op_contrast", "-100")), 10, 10)).isEqualTo(0x808080);
    }

    @Test
    void plus100IsAHardThreshold() {
        assertThat(rgb(apply(contrast, solid(2, 2, 0x7A8590), Map.of("op_contrast", "100")), 0, 0)).isEqualTo(0x00FFFF);
    }

    @Test
    void positiveValuesPushAwayFromTheMiddleAndNegativeOnesTowardsIt() {
        int up = rgb(apply(contrast, solid(2, 2, 0x4080C0), Map.of("op_contrast", "50")), 0, 0);
        int down = rgb(apply(contrast, solid(2, 2, 0x4080C0), Map.of("op_contrast", "-50")), 0, 0);
        assertThat(up >> 16).isLessThan(0x40);
        assertThat(up & 0xFF).isGreaterThan(0xC0);
        assertThat(down >> 16).isBetween(0x41, 0x7F);
        assertThat(down & 0xFF).isBetween(0x81, 0xBF);
    }

    @Test
    void zeroIsNoStepAndOutOfRangeIsAUsageError() {
        assertThat(contrast.parse(Map.of("op_contrast", "0"))).isEmpty();
        assertThatThrownBy(() -> contrast.parse(Map.of("op_contrast", "-101"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_contrast=-101");
    }
}
