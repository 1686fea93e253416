package org.imageserving.common.protocol;

import static org.imageserving.common.protocol.Actor.IS;
import static org.imageserving.common.protocol.Actor.PS;
import static org.imageserving.common.protocol.Support.IGNORED;
import static org.imageserving.common.protocol.Support.NOT_YET;
import static org.imageserving.common.protocol.Support.PARTIAL;
import static org.imageserving.common.protocol.Support.SUPPORTED;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every documented catalog attribute ("Catalog attributes" reference), in one place. The Platform Server forwards
 * exactly the {@link Actor#IS} ones to the Image Server, which acts on each (a contract test holds it to that), and
 * refuses image requests of a catalog that sets an attribute not (fully) supported yet to a value that would change
 * the reply (a {@code Watermark}, a CMYK output profile): see {@link AttributeSpec#honours}.
 */
public final class CatalogAttributes {
    private static final Set<String> EMPTY = Set.of("");
    private static final List<AttributeSpec> ALL;
    private static final Map<String, AttributeSpec> BY_KEY;

    static {
        List<AttributeSpec> a = new ArrayList<>();
        // Catalog management
        for (String name : List.of("RootId", "RootPath", "CatalogFile", "SvgCatalogFile", "StaticContentCatalogFile",
                "StaticContentRootPath", "MacroFile", "RuleSetFile", "FullMatch", "PublishInfo",
                "CacheValidationPolicy", "UseLastModified", "TimeStamp", "SignatureKey")) {
            a.add(new AttributeSpec(name, PS, SUPPORTED, Set.of(), ""));
        }
        // Request attributes read by the Platform Server
        for (String name : List.of("AllowDirectUrls", "RootUrl", "AllowDirectAccess", "RequestObfuscation",
                "RequestLock", "ErrorImage", "ErrorDetail", "DefaultExpiration", "NonImgExpiration", "LocaleMap",
                "LocaleStrMap", "DefaultImageMode", "ClientAddressFilter", "DefaultExt", "DefaultImage",
                "DefaultLocale", "Bfc")) {
            a.add(new AttributeSpec(name, PS, SUPPORTED, Set.of(), ""));
        }
        // Rendering attributes: sent to the Image Server as attribute::name
        for (String name : List.of("DefaultPix", "DefaultThumbPix", "MaxPix", "BkgColor", "JpegQuality", "ResMode",
                "ThumbType", "ThumbRes", "ThumbBkgColor", "ThumbHorizAlign", "ThumbVertAlign", "Resolution",
                "Expiration")) {
            a.add(new AttributeSpec(name, IS, SUPPORTED, Set.of(), ""));
        }
        a.add(new AttributeSpec("PrintResolution", IS, PARTIAL, Set.of(),
                "default of printRes=: written into JPEG (not CMYK JPEG), TIFF and PNG replies"));
        // Colour management: the Platform Server forwards profiles as it resolved them (profile map, RootPath)
        for (String name : List.of("IccProfileRgb", "IccProfileGray", "IccProfileCmyk")) {
            a.add(new AttributeSpec(name, IS, SUPPORTED, Set.of(), ""));
        }
        a.add(new AttributeSpec("IccRenderIntent", IS, SUPPORTED, Set.of(), ""));
        a.add(new AttributeSpec("IccBlackPointCompensation", IS, SUPPORTED, Set.of(), ""));
        a.add(new AttributeSpec("IccDither", IS, SUPPORTED, Set.of(), "Floyd–Steinberg error diffusion of a 16-bit "
                + "conversion"));
        // Not built yet: refused when set to anything but what the server does anyway
        a.add(new AttributeSpec("Watermark", PS, SUPPORTED, Set.of(), "an image or composite (template) record "
                + "merged over req=img replies before the view transform (sizeN=, align=, opac=, blendMode=)"));
        a.add(new AttributeSpec("IccProfileSrcRgb", IS, PARTIAL, Set.of("", "srgb"),
                "reported by req=imageprops; sources without a profile are taken as sRGB, another profile fails "
                        + "requests (colour issue)"));
        for (String name : List.of("IccProfileSrcGray", "IccProfileSrcCmyk")) {
            a.add(new AttributeSpec(name, IS, PARTIAL, EMPTY, "reported by req=imageprops; a set value fails requests "
                    + "until sources are converted with it (colour issue)"));
        }
        for (String name : List.of("DigimarcId", "DigimarcInfo")) {
            a.add(new AttributeSpec(name, PS, NOT_YET, EMPTY, "a set value fails requests"));
        }
        // Defaults of commands or request types that are refused anyway: nothing to do until those arrive
        a.add(new AttributeSpec("IccProfileMapFile", PS, SUPPORTED, Set.of(), ""));
        a.add(new AttributeSpec("ApplyEffectMask", PS, SUPPORTED, Set.of(), "default of effectMask=; the Platform "
                + "Server sends effectMask=0 when it is off"));
        a.add(new AttributeSpec("FontMapFile", PS, SUPPORTED, Set.of(), "fonts for text layers; TrueType and "
                + "OpenType (no Type 1: MetricsPath and PsName are not read); sent to is with requests that have text"));
        a.add(new AttributeSpec("DefaultFont", PS, SUPPORTED, Set.of(), "font for text layers whose RTF names none"));
        a.add(new AttributeSpec("SynthesizeFontStyles", PS, SUPPORTED, Set.of(), "bold/italic made by the JDK's "
                + "font rasterizer from another face of the family"));
        a.add(new AttributeSpec("SavePath", PS, SUPPORTED, Set.of(), "the folder under IS::SaveDirectory for req=saveToFile"));
        a.add(new AttributeSpec("TrustedDomains", PS, IGNORED, Set.of(), "for SWF replies, which are not made"));
        a.add(new AttributeSpec("HttpAppleStreamingContext", PS, SUPPORTED, Set.of(), "stream URLs of req=mbrSet&fmt=m3u8"));
        a.add(new AttributeSpec("HttpFlashStreamingContext", PS, SUPPORTED, Set.of(), "stream URLs of req=mbrSet&fmt=f4m"));

        Map<String, AttributeSpec> byKey = new LinkedHashMap<>();
        for (AttributeSpec spec : a) {
            if (byKey.put(spec.key(), spec) != null) {
                throw new IllegalStateException("attribute listed twice: " + spec.name());
            }
        }
        ALL = List.copyOf(a);
        BY_KEY = Map.copyOf(byKey);
    }

    private CatalogAttributes() {}

    public static List<AttributeSpec> all() {
        return ALL;
    }

    public static Optional<AttributeSpec> find(String name) {
        return Optional.ofNullable(BY_KEY.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The attributes the Image Server acts on, in table order. */
    public static List<AttributeSpec> forwarded() {
        return ALL.stream().filter(spec -> spec.actor() == IS).toList();
    }
}
