package org.imageserving.is.request;

import java.util.Locale;
import java.util.OptionalInt;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.RenderException;

/**
 * The image commands of a {@link RenderRequest}, typed and checked. A malformed or unsupported value is a usage error
 * (403 with a message naming the command), never an exception escaping the render.
 */
public record ImageCommands(OptionalInt width, OptionalInt height, OutputFormat format, int quality) {
    public static final int DEFAULT_QUALITY = 80;
    /** The largest {@code wid}/{@code hei} accepted at all; the pixel budget is enforced separately. */
    static final int MAX_SIDE = 65_535;

    public static ImageCommands parse(RenderRequest request) {
        String req = request.commands().getOrDefault("req", "img").toLowerCase(Locale.ROOT);
        if (!req.equals("img")) {
            throw RenderException.badRequest("req=" + req + " is not supported yet");
        }
        OutputFormat format = OutputFormat.JPEG;
        String fmt = request.command("fmt");
        if (fmt != null) {
            String token = fmt.split(",", 2)[0];
            format = OutputFormat.parse(token)
                    .orElseThrow(() -> RenderException.badRequest("fmt=" + token + " is not a supported output format"));
        }
        return new ImageCommands(side(request, "wid"), side(request, "hei"), format, quality(request.command("qlt")));
    }

    private static OptionalInt side(RenderRequest request, String name) {
        String value = request.command(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        int side = integer(name, value);
        if (side <= 0 || side > MAX_SIDE) {
            throw RenderException.badRequest(name + "=" + value + " must be between 1 and " + MAX_SIDE);
        }
        return OptionalInt.of(side);
    }

    private static int quality(String value) {
        if (value == null) {
            return DEFAULT_QUALITY;
        }
        String q = value.split(",", 2)[0];
        int quality = integer("qlt", q);
        if (quality < 1 || quality > 100) {
            throw RenderException.badRequest("qlt=" + value + ": quality must be between 1 and 100");
        }
        return quality;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw RenderException.badRequest(name + "=" + value + " is not a whole number");
        }
    }
}
