package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class BlurTest {
    private final Blur blur = new Blur();

    @Test
    void mixesAcrossEdgesOnly() {
        BufferedImage out = apply(blur, quadrants(), Map.of("op_blur", "6"));
        assertThat(rgb(out, 20, 20)).isEqualTo(RED);
        int edge = rgb(out, 100, 20);
        assertThat((edge >> 16) & 0xFF).isBetween(60, 200);
        assertThat((edge >> 8) & 0xFF).isBetween(60, 200);
    }

    @Test
    void radiusIsInCompositePixels() {
        BufferedImage halfScale = apply(blur, quadrants(), Map.of("op_blur", "8"), new FilterScale(0.5, 1));
        BufferedImage fullScale = apply(blur, quadrants(), Map.of("op_blur", "4"));
        assertThat(org.imageserving.is.render.Pixels.data(halfScale))
                .isEqualTo(org.imageserving.is.render.Pixels.data(fullScale));
    }

    @Test
    void transparentPixelsDoNotBleedTheirColour() {
        BufferedImage out = apply(blur, halfTransparent(40, 10, RED), Map.of("op_blur", "4"));
        assertThat(alpha(out, 19, 5)).isBetween(1, 254);
        assertThat(rgb(out, 19, 5)).as("half-transparent red, not darkened towards black").isEqualTo(RED);
        assertThat(alpha(out, 0, 5)).isZero();
    }

    @Test
    void noBlurAndAbsentAreNoStep() {
        assertThat(blur.parse(Map.of())).isEmpty();
        assertThat(blur.parse(Map.of("op_blur", "0"))).isEmpty();
    }

    @Test
    void radiusOverTheDocumentedMaximumIsClampedNotRefused() {
        assertThat(blur.parse(Map.of("op_blur", "150"))).contains(new Blur.Settings(100));
    }

    @Test
    void malformedRadiusIsAUsageError() {
        assertThatThrownBy(() -> blur.parse(Map.of("op_blur", "-1"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_blur=-1");
        assertThatThrownBy(() -> blur.parse(Map.of("op_blur", "x"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_blur=x");
    }
}
