package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageserving.is.render.RenderDeadline;

/**
 * The {@code op_*} filters in the order they are applied, whatever their order in the request. Adding a filter is
 * adding its class and one line here, and marking its command supported in the protocol model
 * ({@code common.protocol.Commands}); {@code FilterPipelineTest} holds the two to each other.
 */
public final class FilterPipeline {
    private FilterPipeline() {}

    /**
     * Our choice (the documentation gives no order):
     * <ul>
     *   <li>the mask first (op_growMask / op_growMaskR shape the layer before anything is drawn with it);</li>
     *   <li>op_grow before op_blur, so a grown shape is feathered afterwards (the glow macro:
     *       op_blur=5&amp;op_grow=2);</li>
     *   <li>op_brightness and op_contrast before op_colorize, as its page describes them fine-tuning the luminance it
     *       reads; op_colorbalance, op_hue and op_saturation after it, where they can still shift the tint;</li>
     *   <li>op_invert, then op_noise last on the composite, so no colour step evens the noise out;</li>
     *   <li>op_sharpen and op_usm / op_usmR last because, for layer=comp, they act on the final view image, after
     *       flattening.</li>
     * </ul>
     */
    static final List<ImageFilter<?>> STEPS = List.of(
            // on the composite
            new GrowMask(),      // op_growMask, op_growMaskR
            new Grow(),          // op_grow
            new Blur(),          // op_blur
            new Brightness(),    // op_brightness
            new Contrast(),      // op_contrast
            new Colorize(),      // op_colorize
            new ColorBalance(),  // op_colorbalance
            new Hue(),           // op_hue
            new Saturation(),    // op_saturation
            new Invert(),        // op_invert
            new Noise(),         // op_noise
            // on the final view image
            new Sharpen(),       // op_sharpen
            new UnsharpMask());  // op_usm, op_usmR

    static {
        for (int i = 1; i < STEPS.size(); i++) {
            if (STEPS.get(i).stage().compareTo(STEPS.get(i - 1).stage()) < 0) {
                throw new IllegalStateException("composite filters must come before view filters: " + STEPS.get(i));
            }
        }
    }

    /** Every command a filter reads, lower case. */
    public static Set<String> commands() {
        Set<String> names = new LinkedHashSet<>();
        STEPS.forEach(f -> names.addAll(f.commands()));
        return Set.copyOf(names);
    }

    /** The steps a request asks for, in render order; usage errors for malformed or out-of-range values. */
    public static List<FilterStep<?>> parse(Map<String, String> commands) {
        List<FilterStep<?>> steps = new ArrayList<>();
        for (ImageFilter<?> filter : STEPS) {
            plan(filter, commands, steps);
        }
        return List.copyOf(steps);
    }

    private static <S> void plan(ImageFilter<S> filter, Map<String, String> commands, List<FilterStep<?>> steps) {
        filter.parse(commands).ifPresent(settings -> steps.add(new FilterStep<>(filter, settings)));
    }

    /** Applies the steps of one stage, in order; adjacent colour adjustments share one pass over the pixels. */
    public static void apply(ImageFilter.Stage stage, BufferedImage image, List<FilterStep<?>> steps, FilterScale scale) {
        List<FilterStep<?>> colors = new ArrayList<>();
        for (FilterStep<?> step : steps) {
            if (step.stage() != stage) {
                continue;
            }
            if (step.adjustsColor()) {
                colors.add(step);
                continue;
            }
            runColors(image, colors);
            RenderDeadline.check();
            step.apply(image, scale);
        }
        runColors(image, colors);
    }

    private static void runColors(BufferedImage image, List<FilterStep<?>> colors) {
        if (!colors.isEmpty()) {
            ColorPass.run(image, colors);
            colors.clear();
        }
    }
}
