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
                .as("request and view commands, then layer 0's (text is a layer command)")
                .isEqualTo("folder%2FBild+%C3%A4%26b.jpg?fmt=png&hei=200&wid=100&layer=0&text=a%26b%3Dc+d");
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

    @Test
    void commandsAreSortedIntoTheirScopesByTheProtocolModel() {
        RenderRequest r = RenderRequest.of("a.jpg", Map.of("wid", "10", "crop", "0,0,5,5", "attribute::maxpix", "0,0",
                "$color", "red", "nonsense", "1"));
        assertThat(r.global()).containsOnlyKeys("wid", "attribute::maxpix", "$color", "nonsense");
        assertThat(r.layer0().commands()).containsOnlyKeys("crop");
        assertThat(r.commands()).containsKeys("wid", "crop");
        assertThat(r.command("crop")).isEqualTo("0,0,5,5");
    }

    @Test
    void layersTravelAndKeyInOrderOfTheirNumbers() {
        RenderRequest r = new RenderRequest(new java.util.TreeMap<>(Map.of("wid", "10")), java.util.List.of(
                Layer.of(3, "logo.png", Map.of("pos", "5,5")), Layer.of(0, "a.jpg", Map.of("crop", "0,0,5,5"))));
        assertThat(r.layers()).extracting(Layer::number).containsExactly(0, 3);
        assertThat(r.canonical()).isEqualTo("a.jpg?wid=10&layer=0&crop=0%2C0%2C5%2C5&layer=3&src=logo.png&pos=5%2C5");
        assertThat(RenderRequest.fromHeaders(r.toHeaders())).isEqualTo(r);
        assertThatThrownBy(() -> new RenderRequest(new java.util.TreeMap<>(), java.util.List.of(Layer.of(1, "x", Map.of()))))
                .hasMessageContaining("layer 0");
    }
}
