package org.imageserving.tools.ic;

/** The ICC render intents, with the number the ICC header and the CMM use for each. */
public enum RenderIntent {
    PERCEPTUAL(0), RELATIVE_COLORIMETRIC(1), SATURATION(2), ABSOLUTE_COLORIMETRIC(3);

    final int iccValue;

    RenderIntent(int iccValue) {
        this.iccValue = iccValue;
    }
}
