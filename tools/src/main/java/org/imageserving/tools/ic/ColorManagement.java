package org.imageserving.tools.ic;

import java.awt.color.ICC_Profile;

/**
 * ic's colour options.
 *
 * @param imageProfile -imageprofile: the source's colour space, overriding an embedded profile; or null
 * @param imageProfileBytes its file's bytes (what -embedColorProfile embeds when no conversion happens)
 * @param viewProfile -viewprofile: the output's colour space; or null
 * @param viewProfileBytes its file's bytes (what -embedColorProfile embeds after a conversion to it)
 * @param intent -intentPerceptual / -intentRelColorimetric (default) / -intentAbsColorimetric / -intentSaturation
 * @param blackPointCompensation on unless -cmsNoBlackPointCompensation
 */
public record ColorManagement(ICC_Profile imageProfile, byte[] imageProfileBytes, ICC_Profile viewProfile,
        byte[] viewProfileBytes, RenderIntent intent, boolean blackPointCompensation) {

    public static ColorManagement none() {
        return new ColorManagement(null, null, null, null, RenderIntent.RELATIVE_COLORIMETRIC, true);
    }
}
