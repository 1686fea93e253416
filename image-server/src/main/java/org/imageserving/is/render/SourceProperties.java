package org.imageserving.is.render;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.color.OutputColor;
import org.imageserving.is.color.ProfileNames;
import org.imageserving.is.request.Attributes;
import org.imageserving.is.request.PixelType;
import org.imageserving.is.request.ImageCommands;
import org.imageserving.is.request.OutputFormat;

/** The property lists of {@code req=props} and {@code req=imageprops} (pages "props" and "imageprops"), in order. */
final class SourceProperties {
    private SourceProperties() {}

    /** {@code req=props}: what {@code req=img} would reply, computed without decoding. */
    static Map<String, String> reply(RenderRequest request, ImageCommands commands, Layout layout, long lastModified,
                                     OutputColor color, boolean xmpEmbedded) {
        OutputFormat format = commands.output().format();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("image.bgc", String.format(Locale.ROOT, "%06X", layout.background() & 0xFFFFFF));
        p.put("image.width", Integer.toString(layout.width()));
        p.put("image.height", Integer.toString(layout.height()));
        p.put("image.iccEmbed", color.embedded().isPresent() ? "1" : "0");
        // unconverted RGB is sRGB, whose JDK profile calls itself "sRGB built-in"
        p.put("image.iccProfile", color.type() == PixelType.RGB && !color.convert() ? "sRGB IEC61966-2.1"
                : color.profile().map(ProfileNames::description).orElse(""));
        p.put("image.length", "0"); // not cached yet: the reply's byte size is unknown until it is encoded
        p.put("image.mask", format.hasAlpha() ? "1" : "0");
        p.put("image.pathEmbed", "0");
        p.put("image.pixTyp", color.type().property());
        p.put("image.printRes", Integer.toString(commands.output().color().printRes()));
        p.put("image.quality", Integer.toString(commands.output().quality()));
        p.put("image.type", format.mimeType());
        p.put("image.version", Renderer.version(withoutReq(request) + "@" + lastModified));
        p.put("image.xmpEmbed", xmpEmbedded ? "1" : "0");
        p.put("metadata.version", Renderer.version(request.object() + "@" + lastModified));
        return p;
    }

    /**
     * {@code req=imageprops}: the source image itself; other commands are ignored. The anchor is the default one (the
     * centre): the Platform Server replaces it, the modifiers and the id with the catalog record's.
     */
    static Map<String, String> of(RenderRequest request, ImageCommands commands, int width, int height, boolean hasAlpha,
                                  long lastModified, SourceMetadata metadata) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("image.anchor", width / 2 + "," + height / 2);
        p.put("image.expiration", Double.toString(commands.attributes().expiration()));
        p.put("image.width", Integer.toString(width));
        p.put("image.height", Integer.toString(height));
        p.put("image.iccProfile", metadata.iccDescription().orElseGet(() -> defaultProfile(commands, metadata.pixelType())));
        p.put("image.embeddedIccProfile", metadata.embeddedIccProfile() ? "1" : "0");
        p.put("image.embeddedPhotoshopPaths", metadata.embeddedPaths() ? "1" : "0");
        p.put("image.embeddedXmpData", metadata.xmp() ? "1" : "0");
        p.put("image.mask", hasAlpha ? "2" : "0");
        p.put("image.modifier", "");
        p.put("image.postModifier", "");
        p.put("image.photoshopPathNames", String.join(",", metadata.pathNames()));
        p.put("image.pixTyp", metadata.pixelType());
        p.put("image.printRes", trim(metadata.resolution()
                .orElseGet(() -> (double) commands.attributes().printResolution())));
        p.put("image.resolution", trim(commands.attributes().resolution()));
        p.put("image.timeStamp", Long.toString(lastModified));
        p.put("image.thumbRes", trim(commands.attributes().thumbRes()));
        p.put("image.thumbType", Integer.toString(commands.attributes().thumbType()));
        p.put("image.translatedId", request.object());
        return p;
    }

    /**
     * The profile a source without its own is taken to be in: the catalog's {@code IccProfileSrcRgb},
     * {@code IccProfileSrcGray} or {@code IccProfileSrcCmyk}, else the usual defaults of each kind of source.
     */
    static String defaultProfile(ImageCommands commands, String pixelType) {
        Attributes.SourceProfiles profiles = commands.attributes().sourceProfiles();
        String configured = switch (pixelType) {
            case SourceMetadata.CMYK -> profiles.cmyk();
            case SourceMetadata.GRAY -> profiles.gray();
            default -> profiles.rgb();
        };
        if (!configured.isBlank()) {
            return configured.strip();
        }
        return switch (pixelType) {
            case SourceMetadata.CMYK -> "U.S. Web Coated (SWOP) v2";
            case SourceMetadata.GRAY -> "Gray Gamma 2.2";
            default -> "sRGB IEC61966-2.1";
        };
    }

    private static String withoutReq(RenderRequest request) {
        Map<String, String> commands = new java.util.TreeMap<>(request.commands());
        commands.remove("req");
        return RenderRequest.of(request.object(), commands).canonical();
    }

    private static String trim(double d) {
        if (d == Math.rint(d)) {
            return Long.toString((long) d);
        }
        // a resolution stated in centimetres: 118.11 px/cm is 299.9994 ppi, not worth more digits
        return java.math.BigDecimal.valueOf(d).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }
}
