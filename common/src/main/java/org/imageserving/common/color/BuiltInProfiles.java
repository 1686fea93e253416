package org.imageserving.common.color;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ICC profiles the Image Server has built in, by the name requests and catalogs use ({@code icc=AdobeRGB},
 * {@code IccProfileRgb=sRGB}). The Platform Server forwards these names as they are; a profile map entry of the same
 * name takes precedence. Which file each is, and its licence, is the Image Server's business
 * ({@code is.color.ProfileStore}).
 *
 * <p>The RGB ones are the standard ids of the "Color management" page whose profiles have a free licence; the
 * others on that page (the press CMYK profiles, e.g. {@code CoatedFogra39}) are not redistributable and must be
 * installed by the operator through a profile map. {@value #GENERIC_CMYK} is ours: the CMYK profile of CMYK replies
 * when the catalog sets none.
 */
public final class BuiltInProfiles {
    public static final String SRGB = "sRGB";
    public static final String GENERIC_CMYK = "GenericCMYK";
    private static final Map<String, String> BY_KEY = new LinkedHashMap<>();

    static {
        for (String name : new String[] {SRGB, "AdobeRGB", "AppleRGB", "CIERGB", "ColorMatchRGB", "NTSC", "PAL",
                "ProPhoto", "SMPTE", "WideGamutRGB", GENERIC_CMYK}) {
            BY_KEY.put(name.toLowerCase(Locale.ROOT), name);
        }
    }

    private BuiltInProfiles() {}

    /** The built-in profile's canonical name, for a name in any case. */
    public static Optional<String> find(String name) {
        return Optional.ofNullable(BY_KEY.get(name.strip().toLowerCase(Locale.ROOT)));
    }

    public static Iterable<String> names() {
        return BY_KEY.values();
    }
}
