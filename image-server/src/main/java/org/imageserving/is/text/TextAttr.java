package org.imageserving.is.text;

import java.util.List;
import java.util.Locale;
import org.imageserving.is.request.Values;

/**
 * {@code textAttr=res[,aa[,resMode[,wrap]]]} ("textAttr"): the resolution text is set at (points to pixels: res/72),
 * anti-aliasing, and for {@code text=} whether the text is scaled to its box and whether it wraps. Default
 * {@code 72,norm,fixedRes,wrap}. The anti-aliasing flavours crisp, sharp, strong and smooth are drawn as norm.
 */
public record TextAttr(double resolution, boolean antialias, ResMode resMode, boolean wrap) {
    public enum ResMode { FIXED, AUTO, MAX }

    static final TextAttr DEFAULT = new TextAttr(72, true, ResMode.FIXED, true);

    public static TextAttr parse(String value, boolean ps) {
        if (value == null) {
            return DEFAULT;
        }
        List<String> p = Values.parts("textAttr", value, 1, 4);
        double res = DEFAULT.resolution;
        if (!p.get(0).isBlank()) {
            res = Values.integer("textAttr", value, p.get(0), 1, 10_000);
        }
        boolean aa = true;
        if (p.size() > 1 && !p.get(1).isBlank()) {
            String a = p.get(1).strip().toLowerCase(Locale.ROOT);
            switch (a) {
                case "off" -> aa = false;
                case "norm", "smooth" -> aa = true;
                case "crisp", "sharp", "strong" -> {
                    if (!ps) {
                        throw Values.usage("textAttr", value, a + " anti-aliasing is for textPs= only");
                    }
                }
                default -> throw Values.usage("textAttr", value, "aa is off, norm, crisp, sharp, strong or smooth");
            }
        }
        ResMode mode = ResMode.FIXED;
        if (p.size() > 2 && !p.get(2).isBlank()) {
            mode = switch (p.get(2).strip().toLowerCase(Locale.ROOT)) {
                case "fixedres" -> ResMode.FIXED;
                case "autores" -> ResMode.AUTO;
                case "maxres" -> ResMode.MAX;
                default -> throw Values.usage("textAttr", value, "resMode is fixedRes, autoRes or maxRes");
            };
            if (ps && mode != ResMode.FIXED) {
                throw Values.usage("textAttr", value, "textPs= takes only fixedRes (copy-fit with \\copyfit)");
            }
        }
        boolean wrap = true;
        if (p.size() > 3 && !p.get(3).isBlank()) {
            wrap = switch (p.get(3).strip().toLowerCase(Locale.ROOT)) {
                case "wrap" -> true;
                case "nowrap" -> false;
                case "nbwrap" -> throw Values.usage("textAttr", value, "nbWrap is not supported yet");
                default -> throw Values.usage("textAttr", value, "wrap is wrap, noWrap or nbWrap");
            };
            if (ps && !wrap) {
                throw Values.usage("textAttr", value, "textPs= always wraps in its box");
            }
        }
        return new TextAttr(res, aa, mode, wrap);
    }
}
