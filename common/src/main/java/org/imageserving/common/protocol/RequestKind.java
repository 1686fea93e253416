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
    SET(Actor.PS, Support.NOT_YET, false, "viewers issue"),
    IMAGESET(Actor.PS, Support.NOT_YET, false, "viewers issue"),
    MBRSET(Actor.PS, Support.NOT_YET, false, "viewers issue"),
    TARGETS(Actor.PS, Support.NOT_YET, false, "viewers issue"),
    MAP(Actor.IS, Support.NOT_YET, false, "viewers issue"),
    MASK(Actor.IS, Support.NOT_YET, true, "viewers issue"),
    XMP(Actor.IS, Support.NOT_YET, false, "viewers issue"),
    MESSAGE(Actor.PS, Support.NOT_YET, false, "viewers issue"),
    XLATE(Actor.PS, Support.NOT_YET, false, "viewers issue"),
    LOADCACHE(Actor.PS, Support.NOT_YET, false, "viewers issue"),
    SAVETOFILE(Actor.PS, Support.NOT_YET, false, "viewers issue");

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
