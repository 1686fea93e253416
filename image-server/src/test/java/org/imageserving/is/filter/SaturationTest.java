package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.util.Map;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class SaturationTest {
    private final Saturation saturation = new Saturation();

    @Test
    void minus100IsTheGrayOfTheLuminance() {
        assertThat(rgb(apply(saturation, quadrants(), Map.of("op_saturation", "-100")), 10, 10))
                .isEqualTo(0x4C4C4C); // 0.299 * 255 = 76
    }

    @Test
    void positiveValuesMoveAwayFromThatGray() {
        int out = rgb(apply(saturation, solid(2, 2, 0x806060), Map.of("op_saturation", "100")), 0, 0);
        assertThat(out >> 16).isGreaterThan(0x80);
        assertThat(out & 0xFF).isLessThan(0x60);
    }

    @Test
    void zeroIsNoStepAndOutOfRangeIsAUsageError() {
        assertThat(saturation.parse(Map.of("op_saturation", "0"))).isEmpty();
        assertThatThrownBy(() -> saturation.parse(Map.of("op_saturation", "-101")))
                .isInstanceOf(RenderException.class).hasMessageContaining("op_saturation=-101");
    }
}
