package org.imageserving.is.color;

import java.awt.color.ICC_Profile;
import org.imageserving.is.request.ColorCommands.RenderIntent;

/**
 * Selects a render intent for the JDK's colour engine, which offers no parameter for it: {@code ColorConvertOp} uses
 * the perceptual direction ({@code B2A0}) of a LUT-based output profile whatever is asked. So the intent is chosen
 * by handing the engine a copy of the profile whose {@code B2A0} tag holds the table of the wanted intent
 * ({@code B2A1} relative colorimetric, {@code B2A2} saturation). Profiles without such a table (matrix/TRC profiles,
 * most RGB and gray ones) have one colorimetric mapping for every intent, so nothing changes for them, as with any
 * ICC engine. Absolute colorimetric is rendered as relative colorimetric: the JDK does not scale to the media white.
 */
final class RenderIntents {
    private RenderIntents() {}

    static ICC_Profile forIntent(ICC_Profile profile, RenderIntent intent) {
        int tag = switch (intent) {
            case PERCEPTUAL -> 0;
            case RELATIVE, ABSOLUTE -> ICC_Profile.icSigBToA1Tag;
            case SATURATION -> ICC_Profile.icSigBToA2Tag;
        };
        if (tag == 0) {
            return profile;
        }
        byte[] table = profile.getData(tag);
        if (table == null || profile.getData(ICC_Profile.icSigBToA0Tag) == null) {
            return profile;
        }
        ICC_Profile copy = ICC_Profile.getInstance(profile.getData());
        copy.setData(ICC_Profile.icSigBToA0Tag, table);
        return copy;
    }
}
