package org.imageserving.is.filter;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.imageserving.is.render.Pixels;

/** Runs colour adjustments, in the given order, over every visible pixel of a working image. */
final class ColorPass {
    private ColorPass() {}

    static void run(BufferedImage image, List<FilterStep<?>> adjustments) {
        List<IntUnaryOperator> stages = new ArrayList<>();
        int[] onlyTable = null;
        for (int i = 0; i < adjustments.size(); ) {
            int end = i;
            while (end < adjustments.size() && adjustments.get(end).adjustsTone()) {
                end++;
            }
            if (end > i) {
                int[] table = table(adjustments.subList(i, end));
                onlyTable = stages.isEmpty() && end == adjustments.size() ? table : null;
                stages.add(lookup(table));
                i = end;
            } else {
                stages.add(adjustments.get(i++).perPixel());
            }
        }
        if (onlyTable != null) {
            runTable(image, onlyTable);
        } else {
            runStages(image, stages.toArray(new IntUnaryOperator[0]));
        }
    }

    /** The composed curves of consecutive tone adjustments, as a table of 8-bit levels. */
    static int[] table(List<FilterStep<?>> tones) {
        int[] table = new int[256];
        for (int v = 0; v < 256; v++) {
            double level = v;
            for (FilterStep<?> tone : tones) {
                level = tone.tone(level);
            }
            table[v] = Channels.clamp(level);
        }
        return table;
    }

    static IntUnaryOperator lookup(int[] table) {
        return rgb -> (table[(rgb >> 16) & 0xFF] << 16) | (table[(rgb >> 8) & 0xFF] << 8) | table[rgb & 0xFF];
    }

    /** The common case of tone curves alone, without a call per pixel. */
    private static void runTable(BufferedImage image, int[] table) {
        int[] d = Pixels.data(image);
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            int r = table[Channels.unpremultiply((p >> 16) & 0xFF, a)];
            int g = table[Channels.unpremultiply((p >> 8) & 0xFF, a)];
            int b = table[Channels.unpremultiply(p & 0xFF, a)];
            d[i] = (a << 24) | (Channels.premultiply(r, a) << 16) | (Channels.premultiply(g, a) << 8)
                    | Channels.premultiply(b, a);
        }
    }

    private static void runStages(BufferedImage image, IntUnaryOperator[] stages) {
        int[] d = Pixels.data(image);
        for (int i = 0; i < d.length; i++) {
            int p = d[i];
            int a = p >>> 24;
            if (a == 0) {
                continue;
            }
            int rgb = (Channels.unpremultiply((p >> 16) & 0xFF, a) << 16)
                    | (Channels.unpremultiply((p >> 8) & 0xFF, a) << 8) | Channels.unpremultiply(p & 0xFF, a);
            for (IntUnaryOperator stage : stages) {
                rgb = stage.applyAsInt(rgb);
            }
            d[i] = (a << 24) | (Channels.premultiply((rgb >> 16) & 0xFF, a) << 16)
                    | (Channels.premultiply((rgb >> 8) & 0xFF, a) << 8) | Channels.premultiply(rgb & 0xFF, a);
        }
    }
}
