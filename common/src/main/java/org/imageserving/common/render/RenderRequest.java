package org.imageserving.common.render;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A fully resolved render request: what the Platform Server sends to the Image Server after catalog lookup, macro
 * expansion and variable substitution, and (in its canonical form) the key of the response cache.
 *
 * <p>The Platform Server owns the protocol's text (catalogs, macros, precedence); the Image Server owns the meaning of
 * every image command, so commands travel as decoded text and are typed and validated by the Image Server. Command
 * names are lower-case and sorted, so requests that differ only in order or case of the names are equal.
 *
 * @param object   the image to render: a path relative to an {@code IS::RootPath}, with '/' separators
 * @param commands command name (lower case) → decoded value, e.g. {@code wid → 200}
 */
public record RenderRequest(String object, SortedMap<String, String> commands) {
    /** Frame header carrying {@link #object()}; not a command name of the protocol. */
    public static final String OBJECT_HEADER = "@object";
    /**
     * Frame header saying where layer 0's source is: {@link #SOURCE_IN_BODY} when the Platform Server sends its bytes
     * as the frame body (a nested request's result, a foreign image); absent for a file under the roots.
     */
    public static final String SOURCE_HEADER = "@source";
    public static final String SOURCE_IN_BODY = "body";

    public RenderRequest {
        Objects.requireNonNull(object, "object");
        SortedMap<String, String> normalized = new TreeMap<>();
        commands.forEach((name, value) -> normalized.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value)));
        commands = Collections.unmodifiableSortedMap(normalized);
    }

    public static RenderRequest of(String object, Map<String, String> commands) {
        return new RenderRequest(object, new TreeMap<>(commands));
    }

    public String command(String name) {
        return commands.get(name);
    }

    public Map<String, String> toHeaders() {
        Map<String, String> headers = new LinkedHashMap<>(commands);
        headers.put(OBJECT_HEADER, object);
        return headers;
    }

    public static RenderRequest fromHeaders(Map<String, String> headers) {
        String object = headers.get(OBJECT_HEADER);
        if (object == null) {
            throw new IllegalArgumentException("render request without an object");
        }
        Map<String, String> commands = new TreeMap<>(headers);
        commands.remove(OBJECT_HEADER);
        commands.remove(SOURCE_HEADER);
        return of(object, commands);
    }

    /** {@code object?name=value&...}, names sorted, object and values URL-encoded: the response-cache key. */
    public String canonical() {
        StringBuilder out = new StringBuilder(URLEncoder.encode(object, StandardCharsets.UTF_8));
        char separator = '?';
        for (Map.Entry<String, String> command : commands.entrySet()) {
            out.append(separator).append(command.getKey()).append('=')
               .append(URLEncoder.encode(command.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return out.toString();
    }
}
