package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageserving.common.protocol.CommandSpec;
import org.imageserving.common.protocol.Commands;
import org.imageserving.common.protocol.Support;
import org.imageserving.is.render.Pixels;
import org.junit.jupiter.api.Test;

class FilterPipelineTest {

    @Test
    void stepsFollowTheDocumentedOrder() {
        assertThat(FilterPipeline.STEPS).extracting(f -> f.getClass().getSimpleName()).containsExactly("GrowMask",
                "Grow", "Blur", "Brightness", "Contrast", "Colorize", "ColorBalance", "Hue", "Saturation", "Invert",
                "Noise", "Sharpen", "UnsharpMask");
    }

    @Test
    void theRequestOrderDoesNotMatter() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("op_usm", "1,1");
        c.put("op_invert", "1");
        c.put("op_blur", "2");
        assertThat(FilterPipeline.parse(c)).extracting(s -> s.filter().getClass().getSimpleName())
                .containsExactly("Blur", "Invert", "UnsharpMask");
    }

    @Test
    void noFilterCommandsNoSteps() {
        assertThat(FilterPipeline.parse(Map.of("wid", "200", "op_hue", "0"))).isEmpty();
    }

    @Test
    void knowsEveryCommandItsFiltersRead() {
        assertThat(FilterPipeline.commands()).containsExactlyInAnyOrder("op_blur", "op_brightness", "op_contrast",
                "op_hue", "op_saturation", "op_invert", "op_sharpen", "op_usm", "op_usmr", "op_colorbalance",
                "op_colorize", "colorize", "op_noise", "op_grow", "op_growmask", "op_growmaskr");
    }

    @Test
    void theProtocolModelCallsSupportedExactlyTheFiltersThatExist() {
        assertThat(Commands.all().stream().filter(c -> c.key().startsWith("op_"))
                .filter(c -> c.support() == Support.SUPPORTED).map(CommandSpec::key))
                .as("an op_ command is supported in common.protocol.Commands once, and only once, its filter is listed")
                .containsExactlyInAnyOrderElementsOf(
                        FilterPipeline.commands().stream().filter(c -> c.startsWith("op_")).toList());
    }

    @Test
    void eachStageAppliesOnlyItsOwnSteps() {
        List<FilterStep<?>> steps = FilterPipeline.parse(Map.of("op_invert", "1", "op_sharpen", "1"));
        BufferedImage composite = quadrants();
        FilterPipeline.apply(ImageFilter.Stage.COMPOSITE, composite, steps, FilterScale.NONE);
        BufferedImage inverted = apply(new Invert(), quadrants(), Map.of("op_invert", "1"));
        assertThat(Pixels.data(composite)).isEqualTo(Pixels.data(inverted));
        FilterPipeline.apply(ImageFilter.Stage.VIEW, composite, steps, FilterScale.NONE);
        assertThat(Pixels.data(composite)).isEqualTo(Pixels.data(apply(new Sharpen(), inverted, Map.of("op_sharpen", "1"))));
    }

    @Test
    void brightnessAndContrastComposeLikeOneToneCurve() {
        // 250 + 51 = 301 is not clipped to 255 before contrast halves its distance to the middle: 214, not 191
        List<FilterStep<?>> steps = FilterPipeline.parse(Map.of("op_brightness", "20", "op_contrast", "-50"));
        BufferedImage image = solid(2, 2, 0xFAFAFA);
        FilterPipeline.apply(ImageFilter.Stage.COMPOSITE, image, steps, FilterScale.NONE);
        assertThat(rgb(image, 0, 0)).isEqualTo(0xD6D6D6);
    }

    @Test
    void colourAdjustmentsInARowGiveWhatTheyGiveOneByOneOnWholeLevels() {
        Map<String, String> c = Map.of("op_hue", "40", "op_saturation", "30", "op_invert", "1");
        BufferedImage together = quadrants();
        FilterPipeline.apply(ImageFilter.Stage.COMPOSITE, together, FilterPipeline.parse(c), FilterScale.NONE);
        BufferedImage oneByOne = quadrants();
        apply(new Hue(), oneByOne, c);
        apply(new Saturation(), oneByOne, c);
        apply(new Invert(), oneByOne, c);
        assertThat(Pixels.data(together)).isEqualTo(Pixels.data(oneByOne));
    }
}
