package org.imageserving.is.request;

import java.util.List;
import java.util.Locale;
import org.imageserving.common.props.PropertyFormat;
import org.imageserving.common.protocol.ProtocolException;
import org.imageserving.common.protocol.RequestKind;
import org.imageserving.is.render.RenderException;

/** {@code req=type[,format]}: the request types the Image Server answers, and the property format where one applies. */
public record RequestType(Kind kind, PropertyFormat format) {
    public enum Kind { IMG, TMB, MASK, PROPS, IMAGEPROPS, VALIDATE }

    public static RequestType parse(String value) {
        if (value == null) {
            return new RequestType(Kind.IMG, PropertyFormat.TEXT);
        }
        List<String> parts = Values.parts("req", value, 1, 3);
        RequestKind documented;
        try {
            documented = RequestKind.of(value);
        } catch (ProtocolException e) {
            throw RenderException.badRequest(e.getMessage());
        }
        Kind kind = switch (documented) {
            case IMG -> Kind.IMG;
            case TMB -> Kind.TMB;
            case MASK -> Kind.MASK;
            case PROPS -> Kind.PROPS;
            case IMAGEPROPS -> Kind.IMAGEPROPS;
            case VALIDATE -> Kind.VALIDATE;
            default -> throw Values.usage("req", value, "this request type is answered by the Platform Server");
        };
        PropertyFormat format = PropertyFormat.TEXT;
        if (parts.size() > 1 && kind != Kind.IMG && kind != Kind.TMB && kind != Kind.MASK) {
            format = PropertyFormat.parse(parts.get(1)).orElseThrow(() ->
                    Values.usage("req", value, "property format must be text, javascript, xml or json"));
        }
        return new RequestType(kind, format);
    }

    public boolean isImage() {
        return kind == Kind.IMG || kind == Kind.TMB || kind == Kind.MASK;
    }
}
