package org.imageserving.common.props;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes every property reply ({@code req=props}, {@code imageprops}, {@code catalogprops}, {@code userdata},
 * {@code exists}, {@code validate} and the errors of such requests) in the documented formats, so that the Platform
 * Server and the Image Server cannot drift apart in escaping or dates:
 * <ul>
 *   <li>text: {@code #S7Z OK}, {@code #}time stamp, then {@code name=value} lines with Java-style escapes;</li>
 *   <li>javascript: {@code name='value'} lines; a single quote is written as two, as the JavaScript properties page
 *   says;</li>
 *   <li>xml: a {@code <prop-group>} document, one named group per object name (the part before the last dot);</li>
 *   <li>json: {@code /*jsonp*}{@code /handler({"name":"value",...},"id");}, where {@code handler=} may only hold
 *   letters and digits (else {@code s7jsonResponse}) and {@code id=} is echoed.</li>
 * </ul>
 * Properties keep the order they were given in.
 */
public final class PropertyWriter {
    public static final String DEFAULT_HANDLER = "s7jsonResponse";
    /** The shape of {@link java.util.Date#toString()}, which the documented text replies show, always in UTC. */
    private static final DateTimeFormatter TIME_STAMP =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT).withZone(ZoneId.of("UTC"));

    /** A written reply: its {@code Content-Type} and UTF-8 body. */
    public record Reply(String contentType, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final PropertyFormat format;
    private final String handler;
    private final String id;

    /**
     * @param handler the request's {@code handler=} (json only), null when absent
     * @param id      the request's {@code id=} (json only), null when absent
     */
    public PropertyWriter(PropertyFormat format, String handler, String id) {
        this.format = format;
        this.handler = handler;
        this.id = id;
    }

    public PropertyFormat format() {
        return format;
    }

    /** The request's {@code handler=} as given, or null. */
    public String handler() {
        return handler;
    }

    /** The request's {@code id=} as given, or null. */
    public String id() {
        return id;
    }

    /** A successful reply; {@code now} is the text format's time stamp. */
    public Reply write(Map<String, String> properties, Instant now) {
        return reply(switch (format) {
            case TEXT -> "#S7Z OK\n#" + TIME_STAMP.format(now) + "\n" + lines(properties);
            case JAVASCRIPT -> javascript(properties);
            case XML -> xml(properties);
            case JSON -> json(properties);
        });
    }

    /**
     * An error reply ({@code error.title}, {@code error.message}, ...): the text form starts with {@code #S7Z ERROR}
     * and has no time stamp, as the Errors page's text replies do; the other forms are those of a successful reply.
     */
    public Reply error(Map<String, String> properties, Instant now) {
        return format == PropertyFormat.TEXT ? reply("#S7Z ERROR\n" + lines(properties)) : write(properties, now);
    }

    /** The time stamp line's text (without its {@code #}). */
    public static String timeStamp(Instant now) {
        return TIME_STAMP.format(now);
    }

    private Reply reply(String text) {
        return new Reply(format.contentType(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static String lines(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((k, v) -> out.append(escapeText(k)).append('=').append(escapeText(v)).append('\n'));
        return out.toString();
    }

    private static String javascript(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((k, v) -> out.append(k).append("='").append(escapeJavascript(v)).append("'\n"));
        return out.toString();
    }

    private static String xml(Map<String, String> properties) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            int dot = k.lastIndexOf('.');
            groups.computeIfAbsent(dot < 0 ? "" : k.substring(0, dot), g -> new LinkedHashMap<>())
                  .put(k.substring(dot + 1), v);
        });
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prop-group>\n");
        groups.forEach((group, props) -> {
            String indent = group.isEmpty() ? "  " : "    ";
            if (!group.isEmpty()) {
                out.append("  <prop-group name=\"").append(escapeXml(group)).append("\">\n");
            }
            props.forEach((k, v) -> out.append(indent).append("<property name=\"").append(escapeXml(k))
                    .append("\" value=\"").append(escapeXml(v)).append("\"/>\n"));
            if (!group.isEmpty()) {
                out.append("  </prop-group>\n");
            }
        });
        return out.append("</prop-group>\n").toString();
    }

    private String json(Map<String, String> properties) {
        String callback = handler != null && handler.matches("[A-Za-z0-9]+") ? handler : DEFAULT_HANDLER;
        StringBuilder out = new StringBuilder("/*jsonp*/").append(callback).append("({");
        String separator = "";
        for (Map.Entry<String, String> p : properties.entrySet()) {
            out.append(separator).append(escapeJson(p.getKey())).append(':').append(escapeJson(p.getValue()));
            separator = ",";
        }
        return out.append("},").append(escapeJson(id == null ? "" : id)).append(");").toString();
    }

    /** Java properties escapes, so that a value stays on its line and reads back unchanged. */
    public static String escapeText(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * A value inside single quotes: quotes doubled (the JavaScript properties page); backslashes and line breaks as
     * JavaScript escapes, since a raw line break would end the statement.
     */
    static String escapeJavascript(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\'' -> out.append("''");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** An attribute value: markup characters as entities; line breaks and tabs as character references, which an
     * XML parser would otherwise normalize to spaces; other control characters cannot appear in XML 1.0 at all. */
    static String escapeXml(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> {
                    if (c >= 0x20) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** A quoted JSON string; {@code <} as {@code \u003c} so that a JSONP body cannot close a {@code <script>}. */
    public static String escapeJson(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
