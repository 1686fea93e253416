package org.imageserving.ps.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Property replies ({@code req=props}, {@code catalogprops}, ...) in the four documented formats: {@code text}
 * (Java properties after {@code #S7Z OK} and a time stamp), {@code javascript} (single-quoted assignments),
 * {@code xml} ({@code <prop-group>} per object name) and {@code json} (JSONP with {@code handler=} and {@code id=}).
 */
public final class PropertiesResponse {
    private PropertiesResponse() {}

    public record Body(String contentType, byte[] bytes) {}

    public static Body format(String format, Map<String, String> properties, String handler, String id, Instant now) {
        String f = format == null || format.isBlank() ? "text" : format.strip().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "text" -> text(properties, now);
            case "javascript" -> javascript(properties);
            case "xml" -> xml(properties);
            case "json" -> json(properties, handler, id);
            default -> throw new RequestException(403, "unknown property format '" + format + "' (text, javascript, xml, json)");
        };
    }

    public static void send(HttpServletResponse response, Body body) throws IOException {
        response.setContentType(body.contentType());
        response.setContentLength(body.bytes().length);
        response.getOutputStream().write(body.bytes());
    }

    private static Body text(Map<String, String> properties, Instant now) {
        StringBuilder out = new StringBuilder("#S7Z OK\n#").append(java.util.Date.from(now)).append('\n');
        properties.forEach((k, v) -> out.append(k).append('=').append(escapeProperty(v)).append('\n'));
        return new Body("text/plain; charset=UTF-8", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Body javascript(Map<String, String> properties) {
        StringBuilder out = new StringBuilder();
        properties.forEach((k, v) -> out.append(k).append("='").append(v.replace("\\", "\\\\").replace("'", "\\'")
                .replace("\n", "\\n").replace("\r", "\\r")).append("'\n"));
        return new Body("text/javascript; charset=UTF-8", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Body xml(Map<String, String> properties) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            int dot = k.lastIndexOf('.');
            groups.computeIfAbsent(dot < 0 ? "" : k.substring(0, dot), g -> new LinkedHashMap<>())
                  .put(dot < 0 ? k : k.substring(dot + 1), v);
        });
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prop-group>\n");
        groups.forEach((group, props) -> {
            String indent = group.isEmpty() ? "  " : "    ";
            if (!group.isEmpty()) {
                out.append("  <prop-group name=\"").append(xmlEscape(group)).append("\">\n");
            }
            props.forEach((k, v) -> out.append(indent).append("<property name=\"").append(xmlEscape(k))
                    .append("\" value=\"").append(xmlEscape(v)).append("\"/>\n"));
            if (!group.isEmpty()) {
                out.append("  </prop-group>\n");
            }
        });
        out.append("</prop-group>\n");
        return new Body("text/xml; charset=UTF-8", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Body json(Map<String, String> properties, String handler, String id) {
        String callback = handler == null || !handler.matches("[A-Za-z0-9]+") ? "s7jsonResponse" : handler;
        StringBuilder out = new StringBuilder("/*jsonp*/").append(callback).append("({");
        String separator = "";
        for (Map.Entry<String, String> p : properties.entrySet()) {
            out.append(separator).append(jsonString(p.getKey())).append(':').append(jsonString(p.getValue()));
            separator = ",";
        }
        out.append("},").append(jsonString(id == null ? "" : id)).append(");");
        return new Body("text/javascript; charset=UTF-8", out.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static String escapeProperty(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    private static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<' -> out.append("\\u003c"); // a JSONP body must not close a <script> element
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
