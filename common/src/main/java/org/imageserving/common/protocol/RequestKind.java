package org.imageserving.common.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * Every documented {@code req=} type ("req" in the command reference), in one place: who answers it and whether it
 * works yet. The Platform Server dispatches on it, the Image Server renders the image kinds and describes images,
 * the metrics label requests with it.
 */
public enum RequestKind {
    IMG(Actor.IS, Support.SUPPORTED, true, "the image (default)"),
    TMB(Actor.IS, Support.SUPPORTED, true, "a thumbnail, per the thumbnail rules"),
    PROPS(Actor.BOTH, Support.SUPPORTED, false, "properties of the reply image"),
    IMAGEPROPS(Actor.IS, Support.SUPPORTED, false, "properties of the source image"),
    VALIDATE(Actor.IS, Support.SUPPORTED, false, "checks a request's syntax"),
    EXISTS(Actor.PS, Support.SUPPORTED, false, "whether the catalog record or file exists"),
    USERDATA(Actor.PS, Support.SUPPORTED, false, "the record's UserData, localized"),
    CATALOGPROPS(Actor.PS, Support.SUPPORTED, false, "the catalog's attributes"),
    RESOLVE(Actor.PS, Support.SUPPORTED, false, "the request after catalog resolution"),
    SET(Actor.PS, Support.PARTIAL, false, "image, swatch, spin, 2-D spin, e-catalog and media sets from catalog::ImageSet "
            + "or imageSet=, nested sets, AssetType, labelkey=, dx/dy/iv per image item; no video "
            + "records of static catalogs, no brochure limit"),
    IMAGESET(Actor.PS, Support.SUPPORTED, false, "catalog::ImageSet, localized"),
    MBRSET(Actor.PS, Support.SUPPORTED, false, "the mp4/f4v streams of a video set (catalog::ImageSet entries with "
            + "TotalStreamBitRate or VideoBitRate/AudioBitRate) as an HLS master playlist (fmt=m3u8, default) or an "
            + "f4m manifest, under attribute::HttpAppleStreamingContext / HttpFlashStreamingContext"),
    TARGETS(Actor.PS, Support.SUPPORTED, false, "catalog::Targets, localized"),
    MAP(Actor.PS, Support.PARTIAL, false, "catalog::Map of layer 0 moved into the reply (wid, hei, scl, rgn, fit, "
            + "align, crop, size, scale, flip, quarter-turn rotate, extend) with the geometry the Image Server "
            + "describes, or map=/mapA= of layer 0 and comp; not other angles or other layers' maps"),
    MASK(Actor.IS, Support.SUPPORTED, true, "the composite's alpha as a gray image (fmt= pixel type gray by default)"),
    XMP(Actor.PS, Support.SUPPORTED, false, "the XMP packet of the source file, else an empty x:xmpmeta"),
    MESSAGE(Actor.PS, Support.SUPPORTED, false, "logs message= and answers an empty text"),
    XLATE(Actor.PS, Support.SUPPORTED, false, "the locale variants of the id per attribute::LocaleMap"),
    LOADCACHE(Actor.PS, Support.SUPPORTED, false, "renders like img into the response cache"),
    SAVETOFILE(Actor.PS, Support.SUPPORTED, false, "renders into attribute::SavePath under IS::SaveDirectory");

    private final Actor actor;
    private final Support support;
    private final boolean image;
    private final String note;

    RequestKind(Actor actor, Support support, boolean image, String note) {
        this.actor = actor;
        this.support = support;
        this.image = image;
        this.note = note;
    }

    /** Who answers it: {@link Actor#PS} ones never reach the Image Server. */
    public Actor actor() {
        return actor;
    }

    public Support support() {
        return support;
    }

    /** Whether the reply is an image (errors may then be answered with the catalog's ErrorImage). */
    public boolean image() {
        return image;
    }

    public String note() {
        return note;
    }

    /** The documented spelling, e.g. {@code catalogprops}, {@code saveToFile}. */
    public String documentedName() {
        return switch (this) {
            case IMAGESET -> "imageset";
            case MBRSET -> "mbrSet";
            case SAVETOFILE -> "saveToFile";
            default -> name().toLowerCase(Locale.ROOT);
        };
    }

    /** The type of a {@code req=} value's first item (any case, surrounding blanks ignored). */
    public static Optional<RequestKind> find(String type) {
        String wanted = type.strip();
        for (RequestKind kind : values()) {
            if (kind.name().equalsIgnoreCase(wanted)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /**
     * The type of a whole {@code req=} value ({@code imageprops,json}); absent means {@code img}.
     *
     * @throws ProtocolException for an unknown type or one not supported yet
     */
    public static RequestKind of(String reqValue) {
        if (reqValue == null) {
            return IMG;
        }
        int comma = reqValue.indexOf(',');
        String type = comma < 0 ? reqValue : reqValue.substring(0, comma);
        RequestKind kind = find(type).orElseThrow(() ->
                new ProtocolException("req", "req=" + reqValue + ": unknown request type"));
        if (!kind.support.accepted()) {
            throw new ProtocolException("req", "req=" + reqValue + ": this request type is not supported yet");
        }
        return kind;
    }
}
