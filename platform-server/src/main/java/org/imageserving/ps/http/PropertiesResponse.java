package org.imageserving.ps.http;

import java.time.Instant;
import java.util.Map;
import org.imageserving.common.props.PropertyFormat;
import org.imageserving.common.props.PropertyWriter;

/**
 * Property replies of the Platform Server's servlets, written by the one {@link PropertyWriter} the Image Server
 * shares: this class only maps the request's format token, {@code handler=} and {@code id=} to it and sends the result.
 */
public final class PropertiesResponse {
    private PropertiesResponse() {}

    /** The writer for {@code req=type,format}; an unknown format is the client's error. */
    public static PropertyWriter writer(String format, String handler, String id) {
        PropertyFormat parsed = PropertyFormat.parse(format).orElseThrow(() -> new RequestException(403,
                "unknown property format '" + format + "' (text, javascript, xml, json)"));
        return new PropertyWriter(parsed, handler, id);
    }

    public static PropertyWriter.Reply format(String format, Map<String, String> properties, String handler, String id,
                                              Instant now) {
        return writer(format, handler, id).write(properties, now);
    }
}
