package org.imageserving.is.request;

import java.awt.color.ColorSpace;

/** The pixel types of {@code fmt=}, and what {@code req=props} calls them ({@code image.pixTyp}). */
public enum PixelType {
    RGB("RGB", ColorSpace.TYPE_RGB), GRAY("BW", ColorSpace.TYPE_GRAY), CMYK("CMYK", ColorSpace.TYPE_CMYK);

    private final String property;
    private final int colorSpaceType;

    PixelType(String property, int colorSpaceType) {
        this.property = property;
        this.colorSpaceType = colorSpaceType;
    }

    public String property() {
        return property;
    }

    /** The pixel type of an ICC profile's data colour space; null for spaces replies cannot have (Lab, HSV, ...). */
    public static PixelType ofColorSpace(int type) {
        for (PixelType t : values()) {
            if (t.colorSpaceType == type) {
                return t;
            }
        }
        return null;
    }
}
