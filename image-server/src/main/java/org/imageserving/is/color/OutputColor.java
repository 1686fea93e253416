package org.imageserving.is.color;

import java.awt.color.ICC_Profile;
import java.util.Locale;
import java.util.Optional;
import org.imageserving.common.color.BuiltInProfiles;
import org.imageserving.is.request.Attributes;
import org.imageserving.is.request.ColorCommands;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.PixelType;
import org.imageserving.is.render.RenderException;

/**
 * The colour space of one reply ("Color management"): the {@code icc=} profile, else the catalog's
 * {@code IccProfileRgb|Gray|Cmyk} for the pixel type {@code fmt=} asks for, else none (for CMYK: the built-in
 * {@code GenericCMYK}). With no profile an RGB reply is
 * sRGB (the working space, left as it is) and a gray one is the luma of it, as before colour management.
 *
 * @param type     the reply's pixel type
 * @param profile  the output profile; empty: unmanaged (RGB replies are sRGB)
 * @param convert  whether pixels go through the profile (false for sRGB output, which the working space already is)
 * @param embedded the profile {@code iccEmbed=1} writes into the reply, if any
 */
public record OutputColor(PixelType type, Optional<ICC_Profile> profile, boolean convert, Optional<ICC_Profile> embedded,
                          ColorCommands commands) {

    public static OutputColor resolve(OutputCommands output, Attributes attributes, ProfileStore store) {
        ColorCommands c = output.color();
        String ref = c.profile();
        PixelType type = output.pixelType();
        ICC_Profile profile = null;
        if (!ref.isEmpty()) {
            profile = store.load(ref);
            PixelType ofProfile = PixelType.ofColorSpace(profile.getColorSpaceType());
            if (ofProfile == null) {
                throw RenderException.badRequest("icc=" + ref + ": replies can be RGB, gray or CMYK, not the colour "
                        + "space of this profile");
            }
            if (type != null && type != ofProfile) {
                throw RenderException.badRequest("icc=" + ref + " is a " + ofProfile.name().toLowerCase(Locale.ROOT)
                        + " profile, but fmt= asks for " + type.name().toLowerCase(Locale.ROOT) + " pixels");
            }
            type = ofProfile;
            OutputCommands.checkPixelType(output.format().token(), output.format(), type);
        } else {
            type = type == null ? PixelType.RGB : type;
            String byType = attributes.outputProfiles().of(type);
            if (!byType.isEmpty()) {
                profile = store.load(byType);
                if (PixelType.ofColorSpace(profile.getColorSpaceType()) != type) {
                    throw RenderException.badRequest("attribute::IccProfile" + (type == PixelType.RGB ? "Rgb"
                            : type == PixelType.GRAY ? "Gray" : "Cmyk") + " names a profile of another pixel type");
                }
            } else if (type == PixelType.CMYK) {
                // the documentation leaves CMYK without a profile undefined; a naive conversion would be worse
                profile = store.load(BuiltInProfiles.GENERIC_CMYK);
            }
        }
        boolean srgb = profile == null && type == PixelType.RGB
                || profile != null && (ref.isEmpty() ? ProfileStore.isBuiltInSrgb(attributes.outputProfiles().of(type))
                        : ProfileStore.isBuiltInSrgb(ref));
        Optional<ICC_Profile> embedded = Optional.empty();
        if (c.embed()) {
            embedded = profile != null ? Optional.of(profile)
                    : type == PixelType.RGB ? Optional.of(store.load(ProfileStore.SRGB)) : Optional.empty();
        }
        return new OutputColor(type, Optional.ofNullable(profile), profile != null && !srgb, embedded, c);
    }
}
