package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class InvertTest {
    private final Invert invert = new Invert();

    @Test
    void negatesEachColourChannel() {
        assertThat(rgb(apply(invert, quadrants(), Map.of("op_invert", "1")), 10, 10)).isEqualTo(0x00FFFF);
        assertThat(rgb(apply(invert, quadrants(), Map.of("op_invert", "true")), 150, 75)).isEqualTo(BLUE);
    }

    @Test
    void transparentAreasStayTransparent() {
        BufferedImage out = apply(invert, halfTransparent(10, 2, RED), Map.of("op_invert", "1"));
        assertThat(out.getRGB(0, 0)).isZero();
        assertThat(out.getRGB(9, 0)).isEqualTo(0xFF00FFFF);
    }

    @Test
    void zeroIsNoStepAndAnythingButAFlagIsAUsageError() {
        assertThat(invert.parse(Map.of("op_invert", "0"))).isEmpty();
        assertThatThrownBy(() -> invert.parse(Map.of("op_invert", "2"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_invert=2");
    }
}
