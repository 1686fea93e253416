package org.imageserving.is.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imageserving.is.encode.avif.AvifSupport;

/**
 * {@code fmt=format[,pixelType[,compression]]}, {@code qlt=quality[,chroma]}, {@code quantize=},
 * {@code jpegSize=}, {@code pscan=} and {@code xmpEmbed=}: how the reply is encoded.
 *
 * @param pixelType              the pixel type {@code fmt=} names; null when it names none, so that the {@code icc=}
 *                               profile decides (else RGB): see {@link #withPixelType}
 * @param compression            TIFF: none|lzw|zip|jpeg; WebP and AVIF: lossy|lossless; empty for the others
 * @param noChromaSubsampling    {@code qlt=…,1}: full-resolution chroma
 * @param jpegSizeKb             {@code jpegSize=}: the largest JPEG reply in KB (1024 bytes); 0 = no limit
 * @param progressiveScans       {@code pscan=}: passes of a {@code pjpeg} reply, 3 to 5; 0 for {@code auto} (the
 *                               encoder's own progression)
 * @param xmpEmbed               {@code xmpEmbed=1}: copy layer 0's XMP packet into the reply, where the format has a
 *                               place for it ({@link #embedsXmp})
 */
public record OutputCommands(OutputFormat format, PixelType pixelType, String compression, int quality,
                             boolean noChromaSubsampling, Quantize quantize, ColorCommands color, int jpegSizeKb,
                             int progressiveScans, boolean xmpEmbed) {

    /** Pixel type {@code gray}: one channel (palette of grays for GIF). */
    public boolean gray() {
        return pixelType == PixelType.GRAY;
    }

    public boolean cmyk() {
        return pixelType == PixelType.CMYK;
    }

    /** The pixel type the output profile decided, when {@code fmt=} named none. */
    public OutputCommands withPixelType(PixelType type) {
        return new OutputCommands(format, type, compression, quality, noChromaSubsampling, quantize, color, jpegSizeKb,
                progressiveScans, xmpEmbed);
    }

    /**
     * Whether the reply gets the source's XMP: JPEG and TIFF only, the formats the "fmt" page lists with
     * {@code xmpEmbed}; the "xmpEmbed" page says to ignore it for the others.
     */
    public boolean embedsXmp() {
        return xmpEmbed && (format == OutputFormat.JPEG || format == OutputFormat.PJPEG || format == OutputFormat.TIF
                || format == OutputFormat.TIF_ALPHA);
    }

    public enum Palette { ADAPTIVE, WEB, MAC }

    /** {@code quantize=type[,dither[,numColors[,colorList]]]}; colors are forced into the adaptive palette. */
    public record Quantize(Palette palette, boolean dither, int colors, List<Integer> forcedColors) {
        public static final Quantize DEFAULT = new Quantize(Palette.ADAPTIVE, true, 256, List.of());
    }

    public static OutputCommands parse(Map<String, String> c, Attributes attributes) {
        OutputFormat format = OutputFormat.JPEG;
        // req=mask answers gray unless fmt= names another pixel type ("fmt": the default pixel type)
        PixelType pixelType = c.getOrDefault("req", "").strip().toLowerCase(Locale.ROOT).startsWith("mask")
                ? PixelType.GRAY : null;
        String compression = "";
        String fmt = c.get("fmt");
        if (fmt != null) {
            List<String> p = Values.parts("fmt", fmt, 1, 3);
            format = OutputFormat.parse(p.get(0)).orElseThrow(() -> Values.usage("fmt", fmt,
                    "'" + p.get(0) + "' is not a supported output format"));
            if (format.isAvif()) {
                AvifSupport.system().missing().ifPresent(why -> {
                    throw Values.usage("fmt", fmt, why);
                });
            }
            PixelType defaultType = pixelType;
            pixelType = switch (p.size() > 1 ? p.get(1).strip().toLowerCase(Locale.ROOT) : "") {
                case "" -> defaultType;
                case "rgb" -> PixelType.RGB;
                case "gray" -> PixelType.GRAY;
                case "cmyk" -> PixelType.CMYK;
                default -> throw Values.usage("fmt", fmt, "pixel type must be rgb, gray or cmyk");
            };
            if (pixelType != null) {
                checkPixelType(fmt, format, pixelType);
            }
            compression = compression(fmt, format, p.size() > 2 ? p.get(2).strip().toLowerCase(Locale.ROOT) : "");
        } else {
            compression = compression("jpeg", format, "");
        }
        int quality = attributes.jpegQuality();
        boolean noChroma = attributes.jpegNoChromaSubsampling();
        String qlt = c.get("qlt");
        if (qlt != null) {
            List<String> p = Values.parts("qlt", qlt, 1, 2);
            if (!p.get(0).isBlank()) {
                quality = Values.integer("qlt", qlt, p.get(0), 1, 100);
            }
            if (p.size() > 1 && !p.get(1).isBlank()) {
                noChroma = Values.flag("qlt", qlt, p.get(1));
            }
        }
        Quantize quantize = Quantize.DEFAULT;
        if (c.containsKey("quantize")) {
            quantize = quantize(c.get("quantize"), format);
        }
        int jpegSize = 0;
        if (c.containsKey("jpegsize")) {
            String v = c.get("jpegsize");
            jpegSize = Values.integer("jpegSize", v, v, Integer.MIN_VALUE, Integer.MAX_VALUE / 1024);
            if (jpegSize < 0) {
                throw Values.usage("jpegSize", v, "negative values are not allowed");
            }
        }
        int scans = 0;
        if (c.containsKey("pscan")) {
            String v = c.get("pscan");
            scans = v.strip().equalsIgnoreCase("auto") ? 0 : Values.integer("pscan", v, v, 3, 5);
        }
        String xmp = c.get("xmpembed");
        boolean xmpEmbed = xmp != null && !xmp.isBlank() && Values.flag("xmpEmbed", xmp, xmp);
        return new OutputCommands(format, pixelType, compression, quality, noChroma, quantize,
                ColorCommands.parse(c, attributes), jpegSize, scans, xmpEmbed);
    }

    /** This encoding at another quality (the search of {@code jpegSize=}). */
    public OutputCommands withQuality(int q) {
        return new OutputCommands(format, pixelType, compression, q, noChromaSubsampling, quantize, color,
                jpegSizeKb, progressiveScans, xmpEmbed);
    }

    /** The pixel types of the "fmt" page's table: CMYK for JPEG and opaque TIFF, gray for all but WebP and PNG8. */
    public static void checkPixelType(String fmt, OutputFormat format, PixelType type) {
        boolean allowed = switch (type) {
            case RGB -> true;
            case GRAY -> !format.isWebp() && !format.isAvif() && format != OutputFormat.PNG8 && format != OutputFormat.PNG8_ALPHA;
            case CMYK -> format.isJpeg() || format == OutputFormat.TIF; // no CMYK with alpha yet
        };
        if (!allowed) {
            throw Values.usage("fmt", fmt, format.token() + " has no " + type.name().toLowerCase(Locale.ROOT)
                    + " pixel type");
        }
    }

    private static String compression(String fmt, OutputFormat format, String value) {
        if (format.isTiff()) {
            return switch (value) {
                case "", "none" -> "none";
                case "lzw", "zip" -> value;
                case "jpeg" -> {
                    if (format.hasAlpha()) {
                        throw Values.usage("fmt", fmt, "tif-alpha cannot use jpeg compression");
                    }
                    yield value;
                }
                default -> throw Values.usage("fmt", fmt, "TIFF compression must be none, lzw, zip or jpeg");
            };
        }
        if (format.isWebp() || format.isAvif()) {
            return switch (value) {
                case "", "lossy" -> "lossy";
                case "lossless" -> value;
                default -> throw Values.usage("fmt", fmt, (format.isWebp() ? "WebP" : "AVIF")
                        + " compression must be lossy or lossless");
            };
        }
        if (!value.isEmpty()) {
            throw Values.usage("fmt", fmt, format.token() + " takes no compression option");
        }
        return "";
    }

    private static Quantize quantize(String v, OutputFormat format) {
        List<String> p = List.of(v.split(",", -1));
        Palette palette;
        try {
            palette = Palette.valueOf(p.get(0).strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Values.usage("quantize", v, "type must be adaptive, web or mac");
        }
        if (palette == Palette.MAC && format.hasAlpha()) {
            throw Values.usage("quantize", v, "the mac palette is not available for " + format.token());
        }
        boolean dither = true;
        if (p.size() > 1 && !p.get(1).isBlank()) {
            dither = switch (p.get(1).strip().toLowerCase(Locale.ROOT)) {
                case "diffuse" -> true;
                case "off" -> false;
                default -> throw Values.usage("quantize", v, "dither must be diffuse or off");
            };
        }
        int colors = p.size() > 2 && !p.get(2).isBlank() ? Values.integer("quantize", v, p.get(2), 2, 256) : 256;
        List<Integer> forced = new ArrayList<>();
        for (int i = 3; i < p.size(); i++) {
            String hex = p.get(i).strip();
            if (!hex.matches("(?i)[0-9a-f]{6}")) {
                throw Values.usage("quantize", v, "'" + hex + "' is not a hex6 RGB color");
            }
            forced.add(0xFF000000 | Integer.parseInt(hex, 16));
        }
        if (forced.size() > colors) {
            throw Values.usage("quantize", v, "more forced colors than numColors");
        }
        return new Quantize(palette, dither, colors, List.copyOf(forced));
    }
}
