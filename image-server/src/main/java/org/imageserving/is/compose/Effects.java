package org.imageserving.is.compose;

import java.awt.image.BufferedImage;
import java.util.List;
import org.imageserving.is.filter.FilterPipeline;
import org.imageserving.is.filter.FilterScale;
import org.imageserving.is.filter.ImageFilter.Stage;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.request.EffectCommands;
import org.imageserving.is.request.LayerStyle;

/**
 * Draws effect layers ("Layer effects"). An outer effect (shadow, glow) is the parent's shape moved by its offset,
 * grown and blurred, drawn behind the parent where the parent is not; an inner effect is the shape of what surrounds
 * the parent, moved, grown and blurred likewise, drawn on the parent where the parent is. Where the effect mask
 * ({@code effectMask}, {@code attribute::ApplyEffectMask}) is off, effects are not cut by their parent.
 */
public final class Effects {
    private Effects() {}

    /**
     * Draws {@code parent}'s effects: outer ones onto {@code below} (the layers under the parent, {@code belowWidth}
     * pixels per row, the parent's top-left at ({@code x}, {@code y})) with their blend modes, inner ones onto the
     * parent itself.
     *
     * @param scale         reply pixels per composite pixel: offsets, growth and blur are given in composite pixels
     * @param parentOpacity an effect's opacity is its parent's times its own ("opac")
     * @param effectMask    whether an outer effect is cut by its parent's shape
     */
    public static void draw(BufferedImage parent, int[] below, int belowWidth, int x, int y,
                            List<EffectCommands> effects, double scale, FilterScale filterScale, double parentOpacity,
                            boolean effectMask) {
        int w = parent.getWidth(), h = parent.getHeight();
        int[] shape = Pixels.data(parent).clone();
        for (EffectCommands effect : effects) {
            BufferedImage image = shape(shape, w, h, effect, scale);
            FilterPipeline.apply(Stage.COMPOSITE, image, effect.filters().steps(), filterScale);
            FilterPipeline.apply(Stage.VIEW, image, effect.filters().steps(), filterScale);
            if (effectMask || !effect.outer()) {
                cut(Pixels.data(image), shape, effect);
            }
            if (effect.outer()) {
                Blend.onto(below, belowWidth, Pixels.data(image), w, h, x, y, effect.opacity() * parentOpacity,
                        effect.blendMode());
            } else {
                Blend.onto(Pixels.data(parent), w, Pixels.data(image), w, h, 0, 0, effect.opacity(), effect.blendMode());
            }
        }
    }

    /** The effect's colour over its shape: the parent's mask (or what surrounds it, for inner effects), moved. */
    private static BufferedImage shape(int[] parent, int w, int h, EffectCommands effect, double scale) {
        int dx = (int) Math.round(effect.posX() * scale), dy = (int) Math.round(effect.posY() * scale);
        int color = effect.color();
        int ca = color >>> 24;
        BufferedImage image = Pixels.create(w, h);
        int[] out = Pixels.data(image);
        for (int y = 0; y < h; y++) {
            int sy = y - dy;
            for (int x = 0; x < w; x++) {
                int sx = x - dx;
                int m = sx >= 0 && sy >= 0 && sx < w && sy < h ? mask(parent[sy * w + sx], effect.maskUse()) : outside(effect.maskUse());
                if (!effect.outer()) {
                    m = 255 - m;
                }
                int a = (m * ca + 127) / 255;
                if (a > 0) {
                    out[y * w + x] = Pixels.premultiply(a << 24 | (color & 0xffffff));
                }
            }
        }
        return image;
    }

    /** Outer effects show only where the parent is not, inner ones only where it is. */
    private static void cut(int[] effect, int[] parent, EffectCommands commands) {
        for (int i = 0; i < effect.length; i++) {
            int p = effect[i];
            if (p == 0) {
                continue;
            }
            int m = mask(parent[i], commands.maskUse());
            int keep = commands.outer() ? 255 - m : m;
            if (keep < 255) {
                effect[i] = Blend.scale(p, (keep * 256 + 127) / 255);
            }
        }
    }

    private static int mask(int pixel, LayerStyle.MaskUse use) {
        return switch (use) {
            case NORM -> pixel >>> 24;
            case INVERT -> 255 - (pixel >>> 24);
            case OFF -> 255;
        };
    }

    /** The parent's mask beyond its image: nothing, unless inverted. */
    private static int outside(LayerStyle.MaskUse use) {
        return use == LayerStyle.MaskUse.INVERT ? 255 : 0;
    }

    /** Reply pixels an effect may reach beyond its parent. */
    public static int reach(List<EffectCommands> effects, double scale) {
        double reach = 0;
        for (EffectCommands effect : effects) {
            reach = Math.max(reach, effect.reach());
        }
        return (int) Math.ceil(reach * scale) + (effects.isEmpty() ? 0 : 2);
    }

}
