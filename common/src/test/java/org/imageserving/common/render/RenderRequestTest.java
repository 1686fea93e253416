package org.imageserving.common.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderRequestTest {
    private static RenderRequest request() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("wid", "100");
        commands.put("hei", "200");
        commands.put("fmt", "png");
        commands.put("text", "a&b=c d");
        return RenderRequest.of("folder/Bild ä&b.jpg", commands);
    }

    @Test
    void canonicalFormIsSortedEncodedAndStable() {
        assertThat(request().canonical())
                .isEqualTo("folder%2FBild+%C3%A4%26b.jpg?fmt=png&hei=200&text=a%26b%3Dc+d&wid=100");
        assertThat(RenderRequest.of("a.jpg", Map.of()).canonical()).isEqualTo("a.jpg");
    }

    @Test
    void orderAndCaseOfCommandNamesDoNotMatter() {
        Map<String, String> other = new LinkedHashMap<>();
        other.put("TEXT", "a&b=c d");
        other.put("Fmt", "png");
        other.put("wid", "100");
        other.put("HEI", "200");
        RenderRequest b = RenderRequest.of("folder/Bild ä&b.jpg", other);
        assertThat(b).isEqualTo(request());
        assertThat(b.canonical()).isEqualTo(request().canonical());
    }

    @Test
    void valuesKeepTheirCaseAndDifferentValuesDiffer() {
        RenderRequest upper = RenderRequest.of("a.jpg", Map.of("fmt", "PNG"));
        RenderRequest lower = RenderRequest.of("a.jpg", Map.of("fmt", "png"));
        assertThat(upper.command("fmt")).isEqualTo("PNG");
        assertThat(upper.canonical()).isNotEqualTo(lower.canonical());
        assertThat(RenderRequest.of("b.jpg", Map.of("fmt", "png")).canonical()).isNotEqualTo(lower.canonical());
    }

    @Test
    void headersRoundTripWithTheObjectUnderAReservedName() {
        Map<String, String> headers = request().toHeaders();
        assertThat(headers).containsEntry(RenderRequest.OBJECT_HEADER, "folder/Bild ä&b.jpg").containsEntry("wid", "100");
        assertThat(RenderRequest.fromHeaders(headers)).isEqualTo(request());
    }

    @Test
    void anObjectIsRequired() {
        assertThatThrownBy(() -> RenderRequest.fromHeaders(Map.of("wid", "5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object");
    }

    @Test
    void commandsCannotBeChangedAfterwards() {
        RenderRequest r = request();
        assertThatThrownBy(() -> r.commands().put("wid", "1")).isInstanceOf(UnsupportedOperationException.class);
    }
}
