package org.imageserving.is.request;

import java.util.List;
import java.util.Locale;
import org.imageserving.common.props.PropertyFormat;

/** {@code req=type[,format]}: the request types the Image Server answers, and the property format where one applies. */
public record RequestType(Kind kind, PropertyFormat format) {
    public enum Kind { IMG, TMB, PROPS, IMAGEPROPS, EXISTS, VALIDATE }

    public static RequestType parse(String value) {
        if (value == null) {
            return new RequestType(Kind.IMG, PropertyFormat.TEXT);
        }
        List<String> parts = Values.parts("req", value, 1, 3);
        Kind kind = switch (parts.get(0).strip().toLowerCase(Locale.ROOT)) {
            case "img" -> Kind.IMG;
            case "tmb" -> Kind.TMB;
            case "props" -> Kind.PROPS;
            case "imageprops" -> Kind.IMAGEPROPS;
            case "exists" -> Kind.EXISTS;
            case "validate" -> Kind.VALIDATE;
            case "userdata", "catalogprops", "resolve", "mask", "loadcache", "message", "xlate", "xmp", "targets",
                 "imageset", "map", "savetofile", "set", "mbrset" ->
                throw Values.usage("req", value, "this request type is not supported yet");
            default -> throw Values.usage("req", value, "unknown request type");
        };
        PropertyFormat format = PropertyFormat.TEXT;
        if (parts.size() > 1 && kind != Kind.IMG && kind != Kind.TMB) {
            format = PropertyFormat.parse(parts.get(1)).orElseThrow(() ->
                    Values.usage("req", value, "property format must be text, javascript, xml or json"));
        }
        return new RequestType(kind, format);
    }

    public boolean isImage() {
        return kind == Kind.IMG || kind == Kind.TMB;
    }
}
