package org.imageserving.common.props;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Properties as the Image Server sends them to the Platform Server: an ordered name → value list, not a formatted
 * reply, so that the Platform Server writes every property reply with {@link PropertyWriter} (applying
 * {@code handler=} and {@code id=}, which never reach the Image Server). A JSON object body, because frame headers are
 * sorted by name and the documented lists have their own order.
 */
public final class PropertyData {
    /** The {@code contentType} of an Image Server reply that holds property data. */
    public static final String CONTENT_TYPE = "application/vnd.imageserving.properties+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PropertyData() {}

    public static byte[] encode(Map<String, String> properties) {
        try {
            return JSON.writeValueAsBytes(properties);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    public static Map<String, String> decode(byte[] body) {
        try {
            return JSON.readValue(body, new TypeReference<LinkedHashMap<String, String>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("not a property list: " + e.getMessage(), e);
        }
    }
}
