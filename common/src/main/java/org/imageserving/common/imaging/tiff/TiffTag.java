package org.imageserving.common.imaging.tiff;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The TIFF tags this project reads or writes, by their names in the TIFF 6.0 specification and its supplements. */
public enum TiffTag {
    NEW_SUBFILE_TYPE(254),
    SUBFILE_TYPE(255),
    IMAGE_WIDTH(256),
    IMAGE_LENGTH(257),
    BITS_PER_SAMPLE(258),
    COMPRESSION(259),
    PHOTOMETRIC_INTERPRETATION(262),
    STRIP_OFFSETS(273),
    ORIENTATION(274),
    SAMPLES_PER_PIXEL(277),
    ROWS_PER_STRIP(278),
    STRIP_BYTE_COUNTS(279),
    X_RESOLUTION(282),
    Y_RESOLUTION(283),
    PLANAR_CONFIGURATION(284),
    RESOLUTION_UNIT(296),
    SOFTWARE(305),
    DATE_TIME(306),
    PREDICTOR(317),
    TILE_WIDTH(322),
    TILE_LENGTH(323),
    TILE_OFFSETS(324),
    TILE_BYTE_COUNTS(325),
    EXTRA_SAMPLES(338),
    SAMPLE_FORMAT(339),
    JPEG_TABLES(347),
    YCBCR_SUBSAMPLING(530),
    REFERENCE_BLACK_WHITE(532),
    XMP(700),
    IPTC(33723),
    /** Photoshop image resources: where Photoshop keeps clipping paths in a TIFF. */
    PHOTOSHOP(34377),
    EXIF_IFD(34665),
    ICC_PROFILE(34675);

    private static final Map<Integer, TiffTag> BY_CODE = new HashMap<>();

    static {
        for (TiffTag tag : values()) {
            BY_CODE.put(tag.code, tag);
        }
    }

    private final int code;

    TiffTag(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<TiffTag> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
