package org.imageserving.ps.image;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.http.RequestException;

/**
 * Turns {@code /is/image/<object>?<modifiers>} into a {@link RenderRequest}. Command names are case-insensitive and
 * the last occurrence of a command wins; values are decoded one by one after splitting, so an encoded {@code &} stays
 * inside its value. What the values mean is the Image Server's business.
 */
public final class ImageRequestParser {
    private ImageRequestParser() {}

    public static RenderRequest parse(String object, String query) {
        return RenderRequest.of(object, commands(query));
    }

    static Map<String, String> commands(String query) {
        Map<String, String> commands = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return commands;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                throw new RequestException(403, "a value without a command name: '" + pair + "'");
            }
            commands.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return commands;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RequestException(400, "malformed %-escape in '" + text + "'");
        }
    }
}
