package org.imageserving.is.request;

import java.util.List;
import java.util.Map;

/**
 * The catalog attributes that affect rendering, sent by the Platform Server as {@code attribute::<name>} commands.
 * An absent attribute takes the value of the shipped {@code default.ini} ("Default catalog").
 *
 * @param defaultPix      view size cap when no wid/hei/scl is given; 0 = unconstrained in that dimension
 * @param maxPix          largest reply (or rect tile); 0,0 = no limit
 * @param bkgColor        ARGB fill for padding and transparent areas of formats without alpha
 * @param thumbHorizAlign 1 left, 2 centre, 3 right; likewise thumbVertAlign 1 top .. 3 bottom
 * @param printResolution dpi reported by the property replies ({@code PrintResolution})
 */
public record Attributes(Size defaultPix, Size defaultThumbPix, Size maxPix, int bkgColor, int thumbBkgColor,
                         int jpegQuality, boolean jpegNoChromaSubsampling, ResMode resMode, int thumbType,
                         int thumbHorizAlign, int thumbVertAlign, double thumbRes, double resolution,
                         double expiration, int printResolution, SourceProfiles sourceProfiles,
                         OutputProfiles outputProfiles, ColorCommands.RenderIntent iccRenderIntent,
                         boolean iccBlackPointCompensation, boolean iccDither) {

    public record Size(int width, int height) {}

    /** {@code IccProfileSrcRgb}, {@code IccProfileSrcGray}, {@code IccProfileSrcCmyk} as given; empty when not set. */
    public record SourceProfiles(String rgb, String gray, String cmyk) {}

    /**
     * {@code IccProfileRgb}, {@code IccProfileGray}, {@code IccProfileCmyk}: the output profile of each pixel type when
     * {@code icc=} names none, as the Platform Server resolved them (a path under the roots or a built-in profile's
     * name); empty when the catalog sets none.
     */
    public record OutputProfiles(String rgb, String gray, String cmyk) {
        public String of(PixelType type) {
            return switch (type) {
                case RGB -> rgb;
                case GRAY -> gray;
                case CMYK -> cmyk;
            };
        }
    }

    public static final Attributes DEFAULTS = new Attributes(new Size(400, 400), new Size(100, 100),
            new Size(2000, 2000), 0xFFFFFFFF, 0xFFFFFFFF, 80, false, ResMode.SHARP2, 2, 2, 2, 72, 72, 10, 72,
            new SourceProfiles("", "", ""), new OutputProfiles("", "", ""), ColorCommands.RenderIntent.RELATIVE, true,
            false);

    public static Attributes parse(Map<String, String> commands) {
        Attributes d = DEFAULTS;
        String quality = commands.get("attribute::jpegquality");
        int jpegQuality = d.jpegQuality;
        boolean noChroma = d.jpegNoChromaSubsampling;
        if (quality != null) {
            List<String> q = Values.parts("attribute::JpegQuality", quality, 1, 2);
            jpegQuality = Values.integer("attribute::JpegQuality", quality, q.get(0), 1, 100);
            noChroma = q.size() > 1 && Values.flag("attribute::JpegQuality", quality, q.get(1));
        }
        String bpc = commands.get("attribute::iccblackpointcompensation");
        String dither = commands.get("attribute::iccdither");
        return new Attributes(
                size(commands, "attribute::defaultpix", d.defaultPix),
                size(commands, "attribute::defaultthumbpix", d.defaultThumbPix),
                size(commands, "attribute::maxpix", d.maxPix),
                color(commands, "attribute::bkgcolor", d.bkgColor),
                color(commands, "attribute::thumbbkgcolor", d.thumbBkgColor),
                jpegQuality, noChroma,
                commands.containsKey("attribute::resmode")
                        ? ResMode.parseAttribute("attribute::ResMode", commands.get("attribute::resmode")) : d.resMode,
                integer(commands, "attribute::thumbtype", 1, 3, d.thumbType),
                integer(commands, "attribute::thumbhorizalign", 1, 3, d.thumbHorizAlign),
                integer(commands, "attribute::thumbvertalign", 1, 3, d.thumbVertAlign),
                real(commands, "attribute::thumbres", d.thumbRes),
                real(commands, "attribute::resolution", d.resolution),
                expiration(commands, d.expiration),
                integer(commands, "attribute::printresolution", 1, 1_000_000, d.printResolution),
                new SourceProfiles(commands.getOrDefault("attribute::iccprofilesrcrgb", ""),
                        commands.getOrDefault("attribute::iccprofilesrcgray", ""),
                        commands.getOrDefault("attribute::iccprofilesrccmyk", "")),
                new OutputProfiles(commands.getOrDefault("attribute::iccprofilergb", "").strip(),
                        commands.getOrDefault("attribute::iccprofilegray", "").strip(),
                        commands.getOrDefault("attribute::iccprofilecmyk", "").strip()),
                intent(commands, d.iccRenderIntent),
                bpc == null || bpc.isBlank() ? d.iccBlackPointCompensation
                        : Values.flag("attribute::IccBlackPointCompensation", bpc, bpc),
                dither == null || dither.isBlank() ? d.iccDither : Values.flag("attribute::IccDither", dither, dither));
    }

    /** {@code IccRenderIntent}: 0 perceptual, 1 relative colorimetric, 2 saturation, 3 absolute colorimetric. */
    private static ColorCommands.RenderIntent intent(Map<String, String> commands, ColorCommands.RenderIntent fallback) {
        String value = commands.get("attribute::iccrenderintent");
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return ColorCommands.RenderIntent.values()[Values.integer("attribute::IccRenderIntent", value, value.strip(), 0, 3)];
    }

    private static Size size(Map<String, String> commands, String name, Size fallback) {
        String value = commands.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        List<String> p = Values.parts(name, value, 2, 2);
        return new Size(Values.integer(name, value, p.get(0), 0, 65_535), Values.integer(name, value, p.get(1), 0, 65_535));
    }

    private static int color(Map<String, String> commands, String name, int fallback) {
        String value = commands.get(name);
        return value == null || value.isBlank() ? fallback : ColorValue.parseAttribute(name, value);
    }

    private static int integer(Map<String, String> commands, String name, int min, int max, int fallback) {
        String value = commands.get(name);
        if (value == null || value.isBlank() || value.strip().equals("0")) {
            return fallback;
        }
        return Values.integer(name, value, value, min, max);
    }

    private static double real(Map<String, String> commands, String name, double fallback) {
        String value = commands.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        double d = Values.real(name, value, value, 0, 1e6);
        return d == 0 ? fallback : d;
    }

    private static double expiration(Map<String, String> commands, double fallback) {
        String value = commands.get("attribute::expiration");
        return value == null || value.isBlank() ? fallback : Values.real("attribute::Expiration", value, value, -1, 1e9);
    }
}
