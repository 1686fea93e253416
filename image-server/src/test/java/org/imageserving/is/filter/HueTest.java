package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.util.Map;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class HueTest {
    private final Hue hue = new Hue();

    @Test
    void rotatesAroundTheColourWheel() {
        assertThat(rgb(apply(hue, quadrants(), Map.of("op_hue", "120")), 10, 10)).isEqualTo(GREEN);
        assertThat(rgb(apply(hue, quadrants(), Map.of("op_hue", "-120")), 10, 10)).isEqualTo(BLUE);
        assertThat(rgb(apply(hue, quadrants(), Map.of("op_hue", "180")), 10, 10)).isEqualTo(0x00FFFF);
    }

    @Test
    void leavesGraysAlone() {
        assertThat(rgb(apply(hue, solid(2, 2, 0x777777), Map.of("op_hue", "90")), 0, 0)).isEqualTo(0x777777);
    }

    @Test
    void zeroIsNoStepAndOutOfRangeIsAUsageError() {
        assertThat(hue.parse(Map.of("op_hue", "0"))).isEmpty();
        assertThatThrownBy(() -> hue.parse(Map.of("op_hue", "181"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_hue=181");
    }
}
