package org.imageserving.common.props;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class PropertyWriterTest {
    private static final Instant NOW = Instant.parse("2025-11-27T13:00:00Z");
    /** Every character some format has to escape. */
    private static final String NASTY = "it's \"a\" <b> & c\\d\nline\r\tend";

    private static Map<String, String> props() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("image.width", "2000");
        p.put("image.height", "1500");
        p.put("catalogRecord.exists", "1");
        return p;
    }

    private static String write(PropertyFormat format, Map<String, String> props, String handler, String id) {
        return new PropertyWriter(format, handler, id).write(props, NOW).text();
    }

    @Test
    void text() {
        assertThat(write(PropertyFormat.TEXT, props(), "cb", "1")).isEqualTo("#S7Z OK\n#Thu Nov 27 13:00:00 UTC 2025\n"
                + "image.width=2000\nimage.height=1500\ncatalogRecord.exists=1\n");
    }

    @Test
    void textEscapesReadBackAsJavaProperties() throws Exception {
        String text = write(PropertyFormat.TEXT, Map.of("a.b", NASTY), null, null);
        assertThat(text).endsWith("a.b=it's \"a\" <b> & c\\\\d\\nline\\r\\tend\n");
        Properties read = new Properties();
        read.load(new ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(read.getProperty("a.b")).isEqualTo(NASTY);
    }

    @Test
    void javascript() {
        assertThat(write(PropertyFormat.JAVASCRIPT, props(), "cb", "1"))
                .isEqualTo("image.width='2000'\nimage.height='1500'\ncatalogRecord.exists='1'\n");
    }

    @Test
    void javascriptDoublesSingleQuotesAndKeepsEachValueOnItsLine() {
        assertThat(write(PropertyFormat.JAVASCRIPT, Map.of("a.b", NASTY), null, null))
                .isEqualTo("a.b='it''s \"a\" <b> & c\\\\d\\nline\\r\tend'\n");
    }

    @Test
    void xmlGroupsByObjectName() {
        assertThat(write(PropertyFormat.XML, props(), null, null)).isEqualTo("""
                <?xml version="1.0" encoding="UTF-8"?>
                <prop-group>
                  <prop-group name="image">
                    <property name="width" value="2000"/>
                    <property name="height" value="1500"/>
                  </prop-group>
                  <prop-group name="catalogRecord">
                    <property name="exists" value="1"/>
                  </prop-group>
                </prop-group>
                """);
    }

    @Test
    void xmlEscapesParseBackUnchanged() throws Exception {
        String xml = write(PropertyFormat.XML, Map.of("a.b", NASTY, "plain", "x"), null, null);
        assertThat(xml).contains("value=\"it's &quot;a&quot; &lt;b&gt; &amp; c\\d&#10;line&#13;&#9;end\"")
                .contains("  <property name=\"plain\" value=\"x\"/>");
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        org.w3c.dom.NodeList properties = document.getElementsByTagName("property");
        Map<String, String> read = new LinkedHashMap<>();
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            read.put(property.getAttribute("name"), property.getAttribute("value"));
        }
        assertThat(read).containsEntry("b", NASTY).containsEntry("plain", "x");
    }

    @Test
    void jsonWithHandlerAndId() {
        assertThat(write(PropertyFormat.JSON, props(), "cb", "42")).isEqualTo(
                "/*jsonp*/cb({\"image.width\":\"2000\",\"image.height\":\"1500\",\"catalogRecord.exists\":\"1\"},\"42\");");
    }

    @Test
    void jsonDefaultsTheHandlerAndTheId() {
        assertThat(write(PropertyFormat.JSON, Map.of("a.b", "1"), null, null))
                .isEqualTo("/*jsonp*/s7jsonResponse({\"a.b\":\"1\"},\"\");");
        assertThat(write(PropertyFormat.JSON, Map.of("a.b", "1"), "alert(1);x", "7"))
                .as("only letters and digits make a handler").startsWith("/*jsonp*/s7jsonResponse(");
    }

    @Test
    void jsonEscapesValuesAndTheId() throws Exception {
        String json = write(PropertyFormat.JSON, Map.of("a.b", NASTY), "cb", "7\"</script>");
        assertThat(json).isEqualTo("/*jsonp*/cb({\"a.b\":\"it's \\\"a\\\" \\u003cb> & c\\\\d\\nline\\r\\tend\"},"
                + "\"7\\\"\\u003c/script>\");");
        String object = json.substring(json.indexOf('(') + 1, json.lastIndexOf("},") + 1);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(object).get("a.b").asText())
                .isEqualTo(NASTY);
    }

    @Test
    void errorsInTextHaveTheErrorHeaderAndNoTimeStamp() {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("error.title", "Image not found");
        error.put("error.message", "two\nlines");
        assertThat(new PropertyWriter(PropertyFormat.TEXT, null, null).error(error, NOW).text())
                .isEqualTo("#S7Z ERROR\nerror.title=Image not found\nerror.message=two\\nlines\n");
        assertThat(new PropertyWriter(PropertyFormat.JSON, "cb", "9").error(error, NOW).text())
                .isEqualTo("/*jsonp*/cb({\"error.title\":\"Image not found\",\"error.message\":\"two\\nlines\"},\"9\");");
    }

    @Test
    void mimeTypes() {
        assertThat(new PropertyWriter(PropertyFormat.TEXT, null, null).write(props(), NOW).contentType())
                .isEqualTo("text/plain; charset=UTF-8");
        assertThat(PropertyFormat.JAVASCRIPT.contentType()).isEqualTo("text/javascript; charset=UTF-8");
        assertThat(PropertyFormat.XML.contentType()).isEqualTo("text/xml; charset=UTF-8");
        assertThat(PropertyFormat.JSON.contentType()).isEqualTo("text/javascript; charset=UTF-8");
        assertThat(PropertyFormat.parse(" JSON ")).contains(PropertyFormat.JSON);
        assertThat(PropertyFormat.parse("")).contains(PropertyFormat.TEXT);
        assertThat(PropertyFormat.parse("yaml")).isEmpty();
    }

    @Test
    void propertyDataKeepsTheOrder() {
        Map<String, String> p = props();
        p.put("a", NASTY);
        assertThat(PropertyData.decode(PropertyData.encode(p))).containsExactlyEntriesOf(p);
    }
}
