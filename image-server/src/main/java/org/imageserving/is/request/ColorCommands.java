package org.imageserving.is.request;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code icc=profile[,renderIntent[,blackpointComp[,dither]]]}, {@code iccEmbed=} and {@code printRes=}, with their
 * catalog defaults ({@code IccRenderIntent}, {@code IccBlackPointCompensation}, {@code PrintResolution}) and
 * {@code IccDither}.
 *
 * @param profile  the profile {@code icc=} names, as the Platform Server resolved it: a path under the roots or the
 *                 name of a built-in profile; empty: the catalog's {@code IccProfile*} for the output pixel type
 * @param printRes dpi written into the reply header
 */
public record ColorCommands(String profile, RenderIntent intent, boolean blackPointCompensation, boolean dither,
                            boolean embed, int printRes) {

    /** The ICC rendering intents, numbered as in a profile header and in {@code attribute::IccRenderIntent}. */
    public enum RenderIntent { PERCEPTUAL, RELATIVE, SATURATION, ABSOLUTE }

    public static ColorCommands parse(Map<String, String> c, Attributes attributes) {
        String profile = "";
        RenderIntent intent = attributes.iccRenderIntent();
        boolean bpc = attributes.iccBlackPointCompensation();
        boolean dither = attributes.iccDither();
        String icc = c.get("icc");
        if (icc != null) {
            List<String> p = Values.parts("icc", icc, 1, 4);
            profile = p.get(0).strip();
            if (profile.isEmpty()) {
                throw Values.usage("icc", icc, "a profile name or path is required");
            }
            if (p.size() > 1 && !p.get(1).isBlank()) {
                intent = switch (p.get(1).strip().toLowerCase(Locale.ROOT)) {
                    case "perceptual" -> RenderIntent.PERCEPTUAL;
                    case "relative" -> RenderIntent.RELATIVE;
                    case "saturation" -> RenderIntent.SATURATION;
                    case "absolute" -> RenderIntent.ABSOLUTE;
                    default -> throw Values.usage("icc", icc,
                            "render intent must be perceptual, relative, saturation or absolute");
                };
            }
            if (p.size() > 2 && !p.get(2).isBlank()) {
                bpc = Values.flag("icc", icc, p.get(2));
            }
            if (p.size() > 3 && !p.get(3).isBlank()) {
                dither = Values.flag("icc", icc, p.get(3));
            }
        }
        boolean embed = c.containsKey("iccembed") && Values.flag("iccEmbed", c.get("iccembed"), c.get("iccembed"));
        int printRes = attributes.printResolution();
        String res = c.get("printres");
        if (res != null && !res.isBlank()) {
            printRes = Values.integer("printRes", res, res.strip(), 1, 1_000_000);
        }
        return new ColorCommands(profile, intent, bpc, dither, embed, printRes);
    }
}
