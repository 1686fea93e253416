package org.imageserving.is.props;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.is.request.RequestType.PropertyFormat;
import org.junit.jupiter.api.Test;

class PropertyResponseTest {
    static final Instant NOW = Instant.parse("2025-11-27T13:00:00Z");
    static final Map<String, String> PROPS = new LinkedHashMap<>();

    static {
        PROPS.put("image.width", "2000");
        PROPS.put("image.name", "it's \"a\" <b>\n");
        PROPS.put("catalogRecord.exists", "1");
    }

    static String render(PropertyFormat format, String handler, String id) {
        return new String(PropertyResponse.render(PROPS, format, handler, id, NOW), StandardCharsets.UTF_8);
    }

    @Test
    void text() {
        assertThat(render(PropertyFormat.TEXT, null, null)).isEqualTo("#S7Z OK\n#Thu Nov 27 13:00:00 Z 2025\n"
                + "image.width=2000\nimage.name=it's \"a\" <b>\\n\ncatalogRecord.exists=1\n");
    }

    @Test
    void javascript() {
        assertThat(render(PropertyFormat.JAVASCRIPT, null, null)).isEqualTo(
                "image.width='2000'\nimage.name='it\\'s \"a\" <b>\\n'\ncatalogRecord.exists='1'\n");
    }

    @Test
    void xmlGroupsByTheObjectName() {
        assertThat(render(PropertyFormat.XML, null, null)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<prop-group>\n  <prop-group name=\"image\">\n    <property name=\"width\" value=\"2000\"/>\n"
                + "    <property name=\"name\" value=\"it's &quot;a&quot; &lt;b&gt;\n\"/>\n  </prop-group>\n"
                + "  <prop-group name=\"catalogRecord\">\n    <property name=\"exists\" value=\"1\"/>\n  </prop-group>\n"
                + "</prop-group>\n");
    }

    @Test
    void jsonpWithHandlerAndId() {
        assertThat(render(PropertyFormat.JSON, "myHandler", "42")).isEqualTo("/*jsonp*/myHandler({\"image.width\":\"2000\","
                + "\"image.name\":\"it's \\\"a\\\" <b>\\n\",\"catalogRecord.exists\":\"1\"},\"42\");\n");
        assertThat(render(PropertyFormat.JSON, "bad-name();", null)).startsWith("/*jsonp*/s7jsonResponse(")
                .endsWith(",\"\");\n");
    }
}
