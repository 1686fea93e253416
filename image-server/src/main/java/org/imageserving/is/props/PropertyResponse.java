package org.imageserving.is.props;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imageserving.is.request.RequestType.PropertyFormat;

/**
 * A property response ({@code 04-responses-and-admin.md} §2) in one of the four documented formats: text
 * (Java-properties style with the {@code #S7Z OK} header), javascript assignments, xml {@code <prop-group>} tree, or
 * JSONP. Properties keep the order they were added in.
 */
public final class PropertyResponse {
    public static final String DEFAULT_HANDLER = "s7jsonResponse";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private PropertyResponse() {}

    public static String mimeType(PropertyFormat format) {
        return format.mimeType() + ";charset=UTF-8";
    }

    /**
     * @param handler JSONP callback (letters and digits only; anything else falls back to the default)
     * @param id      JSONP request id, echoed as the second argument
     */
    public static byte[] render(Map<String, String> properties, PropertyFormat format, String handler, String id,
                                Instant now) {
        String text = switch (format) {
            case TEXT -> text(properties, now);
            case JAVASCRIPT -> javascript(properties);
            case XML -> xml(properties);
            case JSON -> json(properties, handler, id);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Map<String, String> properties, Instant now) {
        StringBuilder out = new StringBuilder("#S7Z OK\n#").append(TIMESTAMP.format(now)).append('\n');
        properties.forEach((k, v) -> out.append(k).append('=').append(escapeProperty(v)).append('\n'));
        return out.toString();
    }

    static String javascript(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((k, v) -> out.append(k).append("='").append(escapeJs(v)).append("'\n"));
        return out.toString();
    }

    static String xml(Map<String, String> properties) {
        Map<String, List<String[]>> groups = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            int dot = k.lastIndexOf('.');
            String group = dot < 0 ? "" : k.substring(0, dot);
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(new String[] {k.substring(dot + 1), v});
        });
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prop-group>\n");
        groups.forEach((group, props) -> {
            String indent = "  ";
            if (!group.isEmpty()) {
                out.append("  <prop-group name=\"").append(escapeXml(group)).append("\">\n");
                indent = "    ";
            }
            for (String[] p : props) {
                out.append(indent).append("<property name=\"").append(escapeXml(p[0])).append("\" value=\"")
                   .append(escapeXml(p[1])).append("\"/>\n");
            }
            if (!group.isEmpty()) {
                out.append("  </prop-group>\n");
            }
        });
        return out.append("</prop-group>\n").toString();
    }

    static String json(Map<String, String> properties, String handler, String id) {
        String callback = handler != null && handler.matches("[A-Za-z0-9]+") ? handler : DEFAULT_HANDLER;
        StringBuilder out = new StringBuilder("/*jsonp*/").append(callback).append("({");
        String separator = "";
        for (Map.Entry<String, String> p : properties.entrySet()) {
            out.append(separator).append('"').append(escapeJson(p.getKey())).append("\":\"")
               .append(escapeJson(p.getValue())).append('"');
            separator = ",";
        }
        return out.append("},\"").append(escapeJson(id == null ? "" : id)).append("\");\n").toString();
    }

    static String escapeProperty(String v) {
        StringBuilder out = new StringBuilder();
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case ':' -> out.append("\\:");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String escapeJs(String v) {
        return v.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r");
    }

    static String escapeJson(String v) {
        StringBuilder out = new StringBuilder();
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    static String escapeXml(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
