package org.imageserving.common.protocol;

import static org.imageserving.common.protocol.Actor.BOTH;
import static org.imageserving.common.protocol.Actor.IS;
import static org.imageserving.common.protocol.Actor.PS;
import static org.imageserving.common.protocol.Scope.LAYER;
import static org.imageserving.common.protocol.Scope.REQUEST;
import static org.imageserving.common.protocol.Scope.SELECTOR;
import static org.imageserving.common.protocol.Scope.SOURCE;
import static org.imageserving.common.protocol.Scope.VIEW;
import static org.imageserving.common.protocol.Support.IGNORED;
import static org.imageserving.common.protocol.Support.NOT_YET;
import static org.imageserving.common.protocol.Support.PARTIAL;
import static org.imageserving.common.protocol.Support.SUPPORTED;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every command of the Image Serving protocol ("Image Serving HTTP Protocol Reference", "Command reference"), in one
 * place: its scope, who acts on it, whether it works yet, its value syntax and an example. The Platform Server refuses
 * what is not here or not accepted, and forwards exactly the {@link Actor#forwarded() forwarded} ones; the Image
 * Server refuses the rest; contract tests hold both servers to this table, and {@code docs/protocol-support.md} is
 * generated from it.
 *
 * <p>Besides the documented names, three families travel between the servers: {@code attribute::Name} (catalog
 * attributes, see {@link CatalogAttributes}), {@code $name} (substitution variables, which SVG sources substitute in
 * their own text) and names starting with {@code @} (frame headers of the wire protocol). Clients cannot send them.
 */
public final class Commands {
    /** The prefix of a catalog attribute sent by ps to is: {@code attribute::maxpix}. */
    public static final String ATTRIBUTE_PREFIX = "attribute::";
    /** Commands that only {@code /is/content} reads; an image request that carries one is refused. */
    public static final Set<String> CONTENT_ONLY = Set.of("type");
    /** The commands an effect layer honours ("Layer effects"); the rest of an effect segment is ignored. */
    public static final Set<String> EFFECT_COMMANDS = Set.of("blendmode", "color", "maskuse", "opac", "op_blur",
            "op_grow", "op_noise", "pos");
    /** The prefix of a substitution variable sent by ps to is: {@code $color}. */
    public static final String VARIABLE_PREFIX = "$";

    private static final String COMPOSITION = "composition issue";
    private static final String TEXT = "text issue";
    private static final Map<String, CommandSpec> BY_KEY;
    private static final List<CommandSpec> ALL;

    static {
        List<CommandSpec> c = new ArrayList<>();
        // View (the view transform, "View transform for images")
        c.add(new CommandSpec("wid", VIEW, IS, SUPPORTED, "int > 0", "200", ""));
        c.add(new CommandSpec("hei", VIEW, IS, SUPPORTED, "int > 0", "200", ""));
        c.add(new CommandSpec("scl", VIEW, IS, SUPPORTED, "real > 0", "2", ""));
        c.add(new CommandSpec("fit", VIEW, IS, SUPPORTED, "mode[,upscale]", "crop,1", ""));
        c.add(new CommandSpec("align", VIEW, IS, SUPPORTED, "h,v (reals -1..1)", "-1,1", ""));
        c.add(new CommandSpec("bgc", VIEW, IS, SUPPORTED, "color", "ff0000", ""));
        c.add(new CommandSpec("rgn", VIEW, IS, SUPPORTED, "x,y,w,h", "0,0,100,100", ""));
        c.add(new CommandSpec("rect", VIEW, IS, SUPPORTED, "x,y,w,h", "0,0,50,50", ""));
        // Layer 0's source and geometry
        c.add(new CommandSpec("crop", SOURCE, IS, SUPPORTED, "x,y,w,h", "0,0,100,100", ""));
        c.add(new CommandSpec("cropN", SOURCE, IS, SUPPORTED, "x,y,w,h (normalized)", "0,0,0.5,0.5", ""));
        c.add(new CommandSpec("scale", SOURCE, IS, SUPPORTED, "real > 0", "0.5", ""));
        c.add(new CommandSpec("size", LAYER, IS, SUPPORTED, "w,h", "100,100", ""));
        c.add(new CommandSpec("sizeN", LAYER, IS, SUPPORTED, "w,h (normalized)", "0.5,0.5",
                "layers above 0, relative to the canvas (refused on layer 0, as documented)"));
        c.add(new CommandSpec("extend", LAYER, IS, SUPPORTED, "l,t,r,b", "10,10,10,10", ""));
        c.add(new CommandSpec("extendN", LAYER, IS, SUPPORTED, "l,t,r,b (normalized)", "0.1,0,0.1,0", ""));
        c.add(new CommandSpec("rotate", LAYER, IS, SUPPORTED, "angle", "90", ""));
        c.add(new CommandSpec("flip", LAYER, IS, SUPPORTED, "lr|ud|lrud", "lr", ""));
        c.add(new CommandSpec("anchor", SOURCE, IS, SUPPORTED, "x,y", "10,10",
                "the layer's origin unless origin= is given; no visible effect on a single layer"));
        c.add(new CommandSpec("anchorN", SOURCE, IS, SUPPORTED, "x,y (normalized)", "0.5,0.5", "as anchor"));
        // Filters ("op_*" pages); their order is the Image Server's, see is/filter
        c.add(new CommandSpec("op_blur", LAYER, IS, SUPPORTED, "radius", "2", ""));
        c.add(new CommandSpec("op_brightness", LAYER, IS, SUPPORTED, "-100..100", "10", ""));
        c.add(new CommandSpec("op_contrast", LAYER, IS, SUPPORTED, "-100..100", "10", ""));
        c.add(new CommandSpec("op_hue", LAYER, IS, SUPPORTED, "-180..180", "30", ""));
        c.add(new CommandSpec("op_saturation", LAYER, IS, SUPPORTED, "-100..100", "10", ""));
        c.add(new CommandSpec("op_invert", LAYER, IS, SUPPORTED, "0|1", "1", ""));
        c.add(new CommandSpec("op_sharpen", LAYER, IS, SUPPORTED, "0|1", "1", ""));
        c.add(new CommandSpec("op_usm", LAYER, IS, SUPPORTED, "amount,radius,threshold,monochrome", "1,1,0,0", ""));
        c.add(new CommandSpec("op_usmR", LAYER, IS, SUPPORTED, "amount,radius,threshold,monochrome", "1,1,0,0", ""));
        c.add(new CommandSpec("op_colorbalance", LAYER, IS, SUPPORTED, "r,g,b (-100..100)", "10,0,-10", ""));
        c.add(new CommandSpec("op_colorize", LAYER, IS, SUPPORTED, "color[,off|norm[,contrast]]", "a0b0c0,norm,50",
                "luminance tint; norm: median to 50 %, contrast spreads the 1st-99th percentiles"));
        c.add(new CommandSpec("colorize", LAYER, IS, SUPPORTED, "as op_colorize", "a0b0c0",
                "alias of op_colorize, as the docs' examples write it; op_colorize wins"));
        c.add(new CommandSpec("op_noise", LAYER, IS, SUPPORTED, "amount[,uniform|gaussian[,monochrome]]",
                "10,gaussian,1", "deterministic: the same request gives the same pixels"));
        c.add(new CommandSpec("op_grow", LAYER, IS, SUPPORTED, "-100..100", "2",
                "acts on layer 0 / the composite (effect layers come with layers)"));
        c.add(new CommandSpec("op_growMask", LAYER, IS, SUPPORTED, "-100..100", "2",
                "layer 0's alpha (from the source, or opaque)"));
        c.add(new CommandSpec("op_growMaskR", LAYER, IS, SUPPORTED, "-100..100", "2",
                "layer 0's alpha (from the source, or opaque)"));
        // Output and request
        c.add(new CommandSpec("fmt", REQUEST, IS, PARTIAL, "format[,pixelType[,compression]]", "png",
                "jpeg, pjpeg, png, png-alpha, png8, png8-alpha, gif, gif-alpha, tif, tif-alpha, webp, webp-alpha, "
                        + "avif, avif-alpha (through Debian's libheif; refused naming the packages without it); "
                        + "rgb and gray; cmyk for jpeg, pjpeg and tif (not tif-alpha); no heic, jpeg2000, jpegxr, pdf, "
                        + "eps, swf"));
        c.add(new CommandSpec("qlt", REQUEST, IS, SUPPORTED, "quality[,chroma]", "90,1", ""));
        c.add(new CommandSpec("quantize", REQUEST, IS, SUPPORTED, "type[,dither[,colors[,list]]]",
                "adaptive,diffuse,16", ""));
        c.add(new CommandSpec("resMode", REQUEST, IS, SUPPORTED, "bilin|bicub|sharp2|sharp|trilin", "bilin", ""));
        c.add(new CommandSpec("req", REQUEST, BOTH, PARTIAL, "type[,format]", "img",
                "see the request types; ps answers some, is the others"));
        c.add(new CommandSpec("cache", REQUEST, PS, SUPPORTED, "on|off|validate|update[,server]", "off", ""));
        c.add(new CommandSpec("defaultImage", REQUEST, PS, SUPPORTED, "object", "samples/tower", ""));
        c.add(new CommandSpec("id", REQUEST, PS, IGNORED, "text", "42",
                "a version token for caches; also echoed by javascript/json property replies"));
        c.add(new CommandSpec("handler", REQUEST, PS, SUPPORTED, "function name", "cb",
                "javascript/json property replies"));
        c.add(new CommandSpec("locale", REQUEST, PS, SUPPORTED, "locale", "de_DE", "object ID translation"));
        c.add(new CommandSpec("src", LAYER, PS, PARTIAL, "object|is{...}|ir{...}|{url}", "samples/tower",
                "a catalog object (its Modifier's layer commands, effects, MaskPath and Anchor apply to the layer; "
                        + "not a template) or file, a nested is{} request, a foreign {url}, on every layer; "
                        + "no ir{}/fxg{}"));
        c.add(new CommandSpec("bfc", REQUEST, PS, SUPPORTED, "on|off", "on",
                "JPEG and PNG replies become AVIF (where libheif writes it) or WebP for clients that accept them"));
        // Tier 2: layering, masks, effects, text, colour and delivery (answered with 403 until they are built)
        c.add(new CommandSpec("layer", SELECTOR, PS, SUPPORTED, "n|comp[,name]", "1", ""));
        c.add(new CommandSpec("effect", SELECTOR, PS, SUPPORTED, "n (not 0)", "-1",
                "blendMode, color, maskUse, opac, op_blur, op_grow, op_noise and pos are honoured in an effect segment; "
                        + "the rest is ignored, as documented"));
        c.add(new CommandSpec("mask", SOURCE, IS, PARTIAL, "object|is{...}|{url}", "samples/badge-mask.png",
                "a catalog object (its MaskPath, else its Path) or a file; not yet a nested is{} request or a {url}"));
        c.add(new CommandSpec("maskUse", SOURCE, IS, SUPPORTED, "norm|invert|off", "invert",
                "off makes a transparent area black (the working pixels are premultiplied)"));
        c.add(new CommandSpec("origin", LAYER, IS, SUPPORTED, "x,y", "10,10", ""));
        c.add(new CommandSpec("originN", LAYER, IS, SUPPORTED, "x,y", "-0.5,-0.5", ""));
        c.add(new CommandSpec("pos", LAYER, IS, SUPPORTED, "x,y", "20,10", "ignored on layer 0, as documented"));
        c.add(new CommandSpec("posN", LAYER, IS, SUPPORTED, "x,y", "0.25,0", "ignored on layer 0, as documented"));
        c.add(new CommandSpec("res", LAYER, IS, SUPPORTED, "real", "36",
                "layers above 0: scale = res / attribute::Resolution of the main catalog"));
        c.add(new CommandSpec("perspective", LAYER, IS, SUPPORTED, "x0,y0,x1,y1,x2,y2,x3,y3[,R1|R2|R3|R3Tn]",
                "10,10,90,20,80,90,20,80", "layers above 0 (refused on layer 0, which defines the canvas)"));
        c.add(new CommandSpec("perspectiveN", LAYER, IS, SUPPORTED, "8 reals (fractions of layer 0's size)[,resOpt]",
                "0.1,0.1,0.9,0.2,0.8,0.9,0.2,0.8", "as perspective"));
        c.add(new CommandSpec("hide", LAYER, IS, SUPPORTED, "0|1", "1", ""));
        c.add(new CommandSpec("color", LAYER, IS, SUPPORTED, "color", "ff000080", ""));
        c.add(new CommandSpec("bgColor", LAYER, IS, SUPPORTED, "color", "00ff00", ""));
        c.add(new CommandSpec("opac", LAYER, IS, SUPPORTED, "opacity[,fillOpacity] 0..100", "50", ""));
        c.add(new CommandSpec("blendMode", LAYER, IS, SUPPORTED, "norm|dissolve|lighten|darken|mult|screen",
                "mult", "ignored on layer 0, as documented"));
        c.add(new CommandSpec("clipPath", LAYER, IS, SUPPORTED, "M/m, L/l, C/c, Z/z path data, commas", "M0,0L50,0L50,50Z",
                "on comp of a composite of several layers: refused, give it to a layer=n"));
        c.add(new CommandSpec("clipXPath", LAYER, IS, SUPPORTED, "path data", "M10,10L20,10L20,20Z",
                "only with clipPath=, as documented"));
        c.add(new CommandSpec("clipPathE", LAYER, IS, SUPPORTED, "name[,name...] (ASCII)", "Path 1",
                "paths saved in the source (Photoshop resources of JPEG, TIFF, PSD); names not found are ignored"));
        c.add(new CommandSpec("clipXPathE", LAYER, IS, SUPPORTED, "name[,name...] (ASCII)", "Path 2",
                "only with clipPathE=, as documented for clipXPath"));
        c.add(notYet("cropPathE", LAYER, "names", COMPOSITION));
        c.add(new CommandSpec("map", LAYER, PS, PARTIAL, "<area> elements", "<area shape=rect coords=0,0,9,9>",
                "req=map only: layer 0 in its coordinates after rotate/extend, comp in composite coordinates behind "
                        + "it; other layers' maps are refused"));
        c.add(new CommandSpec("mapA", LAYER, PS, PARTIAL, "<area> elements", "<area shape=rect coords=0,0,9,9>",
                "req=map only: layer 0 in source coordinates (instead of catalog::Map); other layers' refused"));
        c.add(new CommandSpec("textPs", LAYER, IS, PARTIAL, "rtf", "{\\rtf1\\fs40 Sale}",
                "the documented RTF subset (see text layers below); rectangular box, variable height and point text; "
                        + "copy-fitting with \\copyfit and its line limits; \\charscalex/y; no vertical flow; "
                        + "\\kerningoptical, textFlowPath=, textPath= and textAngle= are refused; glyphs are cut at "
                        + "the box; the last of src=, text=, textPs= in a layer wins"));
        c.add(new CommandSpec("text", LAYER, IS, PARTIAL, "rtf", "{\\rtf1\\fs40 Sale}",
                "the textPs= engine, with text='s placement: glyphs kept inside the box (shifted down), "
                        + "textAttr= resMode autoRes/maxRes fitting"));
        c.add(new CommandSpec("textAttr", LAYER, IS, PARTIAL, "res[,aa[,resMode[,wrap]]]", "144,norm,fixedRes,wrap",
                "res, aa (off or anti-aliased), resMode (autoRes/maxRes: text= only), wrap (noWrap/nbWrap: text= only)"));
        c.add(notYet("textAngle", LAYER, "angle", TEXT));
        c.add(notYet("textPath", LAYER, "path", TEXT));
        c.add(notYet("textFlowPath", LAYER, "path", TEXT));
        c.add(notYet("textFlowXPath", LAYER, "path", TEXT));
        c.add(notYet("pathAttr", LAYER, "attributes", TEXT));
        c.add(new CommandSpec("icc", REQUEST, IS, SUPPORTED, "profile[,intent[,bpc[,dither]]]", "sRGB,perceptual",
                "profile map names, paths under RootPath, built-in profiles; dither is Floyd–Steinberg error "
                        + "diffusion of a 16-bit conversion; a nested request's icc= is ignored (it renders in sRGB)"));
        c.add(new CommandSpec("iccEmbed", REQUEST, IS, SUPPORTED, "0|1", "1", ""));
        c.add(new CommandSpec("printRes", REQUEST, IS, PARTIAL, "dpi", "300",
                "JPEG (JFIF; none in CMYK JPEG, which has no JFIF header), TIFF and PNG; the default is the catalog's, "
                        + "not the source's own resolution"));
        c.add(new CommandSpec("xmpEmbed", REQUEST, IS, SUPPORTED, "0|1", "1", "layer 0's XMP packet copied unchanged "
                + "into jpeg, pjpeg (APP1) and tif (tag 700) replies; ignored for other formats and sources without "
                + "XMP, as documented"));
        c.add(notYet("pathEmbed", REQUEST, "0|1", "Tier 3: needs the source's Photoshop paths transformed like the "
                + "pixels (crop, scale, rotation, extend) and written as an 8BIM resource; not built"));
        c.add(new CommandSpec("dpr", REQUEST, IS, PARTIAL, "off|on,dprValue", "on,2",
                "explicit ratio only: dpr=on without a value (ratio from CDN headers) is refused; clamps to MaxPix"));
        c.add(new CommandSpec("pscan", REQUEST, IS, SUPPORTED, "auto|3|4|5", "4",
                "passes: the DC of all components, then bands of AC coefficients; auto = the encoder's progression"));
        c.add(new CommandSpec("jpegSize", REQUEST, IS, SUPPORTED, "KB (int >= 0)", "10", ""));
        c.add(new CommandSpec("effectMask", REQUEST, IS, SUPPORTED, "0|1", "0", ""));
        c.add(new CommandSpec("template", REQUEST, PS, SUPPORTED, "object", "shop/frame",
                "the template record's Modifier is the body; the URL's object is $object$; nested templates only "
                        + "inside is{}"));
        c.add(new CommandSpec("imageSet", REQUEST, PS, SUPPORTED, "{set}", "{samples/tower;samples/logo}",
                "req=set only"));
        c.add(new CommandSpec("labelkey", REQUEST, PS, SUPPORTED, "key", "label", "req=set only"));
        c.add(new CommandSpec("message", REQUEST, PS, SUPPORTED, "text", "hello", "req=message only"));
        c.add(new CommandSpec("name", REQUEST, PS, SUPPORTED, "relative path", "out/a.jpg", "req=saveToFile only"));
        c.add(new CommandSpec("timeout", REQUEST, PS, SUPPORTED, "ms", "5000", "req=saveToFile only"));
        c.add(new CommandSpec("network", REQUEST, PS, NOT_YET, "bandwidth", "", "smart imaging, tier 3"));
        c.add(new CommandSpec("type", REQUEST, PS, SUPPORTED, "type", "image",
                "/is/content only (must equal the record's UserType); refused on /is/image"));

        Map<String, CommandSpec> byKey = new LinkedHashMap<>();
        for (CommandSpec spec : c) {
            if (byKey.put(spec.key(), spec) != null) {
                throw new IllegalStateException("command listed twice: " + spec.name());
            }
        }
        BY_KEY = Collections.unmodifiableMap(byKey);
        ALL = List.copyOf(c);
    }

    private Commands() {}


    /** A command of the Image Server that is documented but not built yet: refused by name. */
    private static CommandSpec notYet(String name, Scope scope, String syntax, String note) {
        return new CommandSpec(name, scope, IS, NOT_YET, syntax, "", note);
    }

    /** Every documented command, in the order of the support matrix. */
    public static List<CommandSpec> all() {
        return ALL;
    }

    /** The command of that name (any case), if the protocol documents one. */
    public static Optional<CommandSpec> find(String name) {
        return Optional.ofNullable(BY_KEY.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * The command a client sent, accepted: the documented entry of a supported, partial or ignored command.
     *
     * @throws ProtocolException for an unknown command, a name reserved for the servers, or a command not built yet
     */
    public static CommandSpec accept(String name, String value) {
        CommandSpec spec = BY_KEY.get(name.toLowerCase(Locale.ROOT));
        if (spec == null) {
            throw new ProtocolException(name, "unknown command: " + name + "=" + value);
        }
        if (!spec.support().accepted()) {
            throw new ProtocolException(spec.name(), spec.name() + "=" + value + ": this command is not supported yet");
        }
        return spec;
    }

    /** Whether a name belongs to the families the servers exchange among themselves (never a client's command). */
    public static boolean internal(String key) {
        return key.startsWith(ATTRIBUTE_PREFIX) || key.startsWith(VARIABLE_PREFIX) || key.startsWith("@");
    }
}
