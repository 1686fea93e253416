package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class UnsharpMaskTest {
    private final UnsharpMask usm = new UnsharpMask();

    @Test
    void leavesFlatAreasAndSteepensEdges() {
        BufferedImage sharp = apply(usm, softEdge(), Map.of("op_usm", "3,2,0,0"));
        assertThat(steepestStep(sharp, 5)).isGreaterThan(steepestStep(softEdge(), 5));
        assertThat(rgb(apply(usm, quadrants(), Map.of("op_usmr", "5,3,0,1")), 20, 20)).isEqualTo(RED);
    }

    @Test
    void usmRadiusShrinksWithTheImageAndUsmRRadiusIsUsedAsGiven() {
        // a view at 1/8 of the source: op_usm's 16 source pixels are 2 view pixels
        FilterScale eighth = new FilterScale(1, 0.125);
        BufferedImage scaled = apply(usm, softEdge(), Map.of("op_usm", "3,16,0,0"), eighth);
        BufferedImage given = apply(usm, softEdge(), Map.of("op_usmr", "3,2,0,0"), eighth);
        assertThat(Pixels.data(scaled)).isEqualTo(Pixels.data(given));
    }

    @Test
    void aThresholdSparesSmallDifferences() {
        BufferedImage low = apply(usm, softEdge(), Map.of("op_usmr", "3,2,255,0"));
        assertThat(Pixels.data(low)).isEqualTo(Pixels.data(softEdge()));
    }

    @Test
    void monoSharpensLuminanceOnly() {
        BufferedImage out = apply(usm, softEdge(), Map.of("op_usmr", "3,2,0,1"));
        assertThat(steepestStep(out, 5)).isGreaterThan(steepestStep(softEdge(), 5));
    }

    @Test
    void usmRWinsOverUsm() {
        assertThat(usm.parse(Map.of("op_usm", "1,2", "op_usmr", "2,3")))
                .contains(new UnsharpMask.Settings(2, 3, 0, false, false));
    }

    @Test
    void noAmountOrNoRadiusIsNoStep() {
        assertThat(usm.parse(Map.of("op_usm", "0,5"))).isEmpty();
        assertThat(usm.parse(Map.of("op_usm", "2"))).isEmpty();
    }

    @Test
    void amountAndRadiusOverTheDocumentedMaximaAreClamped() {
        assertThat(usm.parse(Map.of("op_usm", "9,300,10,1"))).contains(new UnsharpMask.Settings(5, 250, 10, true, true));
    }

    @Test
    void malformedValuesAreUsageErrorsNamingTheDocumentedCommand() {
        assertThatThrownBy(() -> usm.parse(Map.of("op_usmr", "a"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_usmR=a");
        assertThatThrownBy(() -> usm.parse(Map.of("op_usm", "1,2,256"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("op_usm=1,2,256");
        assertThatThrownBy(() -> usm.parse(Map.of("op_usm", "1,2,3,4,5"))).isInstanceOf(RenderException.class)
                .hasMessageContaining("expects 1 to 4");
    }
}
