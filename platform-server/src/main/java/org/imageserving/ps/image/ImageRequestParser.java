package org.imageserving.ps.image;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.imageserving.common.render.OutputFormat;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.http.RequestException;

/**
 * Turns {@code /is/image/<object>?<modifiers>} into a {@link RenderRequest}. Command names are case-insensitive,
 * values are decoded one by one after splitting (so an encoded {@code &} stays inside its value), and every value is
 * checked here, so a malformed request is answered by the Platform Server without troubling the Image Server.
 */
public final class ImageRequestParser {
    /** The largest {@code wid}/{@code hei} accepted at all; the pixel budget is enforced by the Image Server. */
    static final int MAX_SIDE = 65_535;

    private ImageRequestParser() {}

    public static RenderRequest parse(String object, String query) {
        Map<String, String> commands = commands(query);
        String req = commands.getOrDefault("req", "img").toLowerCase(Locale.ROOT);
        if (!req.equals("img")) {
            throw new RequestException(403, "req=" + req + " is not supported yet");
        }
        OutputFormat format = OutputFormat.JPEG;
        if (commands.containsKey("fmt")) {
            String fmt = commands.get("fmt").split(",", 2)[0];
            format = OutputFormat.parse(fmt)
                    .orElseThrow(() -> new RequestException(403, "fmt=" + fmt + " is not a supported output format"));
        }
        return new RenderRequest(object,
                side(commands, "wid"),
                side(commands, "hei"),
                format,
                quality(commands.get("qlt")));
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
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            commands.put(name, value); // the last occurrence of a command wins
        }
        return commands;
    }

    private static OptionalInt side(Map<String, String> commands, String name) {
        String value = commands.get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        int side = integer(name, value);
        if (side <= 0 || side > MAX_SIDE) {
            throw new RequestException(403, name + "=" + value + " must be between 1 and " + MAX_SIDE);
        }
        return OptionalInt.of(side);
    }

    private static int quality(String value) {
        if (value == null) {
            return RenderRequest.DEFAULT_QUALITY;
        }
        String q = value.split(",", 2)[0];
        int quality = integer("qlt", q);
        if (quality < 1 || quality > 100) {
            throw new RequestException(403, "qlt=" + value + ": quality must be between 1 and 100");
        }
        return quality;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new RequestException(403, name + "=" + value + " is not a whole number");
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new RequestException(400, "malformed %-escape in '" + text + "'");
        }
    }
}
