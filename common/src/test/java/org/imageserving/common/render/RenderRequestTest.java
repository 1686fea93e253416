package org.imageserving.common.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderRequestTest {
    private static RenderRequest request() {
        return new RenderRequest("folder/Bild ä&b.jpg", OptionalInt.of(100), OptionalInt.of(200), OutputFormat.PNG, 75);
    }

    @Test
    void canonicalFormIsSortedEncodedAndStable() {
        assertThat(request().canonical())
                .isEqualTo("fmt=png&hei=200&qlt=75&src=folder%2FBild+%C3%A4%26b.jpg&wid=100");
        assertThat(new RenderRequest("a.jpg", OptionalInt.empty(), OptionalInt.empty(), OutputFormat.JPEG,
                RenderRequest.DEFAULT_QUALITY).canonical())
                .isEqualTo("fmt=jpeg&qlt=80&src=a.jpg");
    }

    @Test
    void canonicalFormIsIndependentOfHeaderOrderAndSpelling() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("src", "folder/Bild ä&b.jpg");
        one.put("wid", "100");
        one.put("hei", "200");
        one.put("fmt", "PNG");
        one.put("qlt", "75");
        Map<String, String> two = new LinkedHashMap<>();
        two.put("qlt", "75");
        two.put("fmt", "png");
        two.put("hei", "200");
        two.put("wid", "100");
        two.put("src", "folder/Bild ä&b.jpg");
        RenderRequest a = RenderRequest.fromHeaders(one);
        RenderRequest b = RenderRequest.fromHeaders(two);
        assertThat(a).isEqualTo(b).isEqualTo(request());
        assertThat(a.canonical()).isEqualTo(b.canonical()).isEqualTo(request().canonical());
        assertThat(a.canonical()).isEqualTo(a.canonical());
    }

    @Test
    void jpgAndJpegAreTheSameRequest() {
        RenderRequest jpg = RenderRequest.fromHeaders(Map.of("src", "a.jpg", "fmt", "jpg"));
        RenderRequest jpeg = RenderRequest.fromHeaders(Map.of("src", "a.jpg", "fmt", "jpeg"));
        assertThat(jpg.format()).isEqualTo(OutputFormat.JPEG);
        assertThat(jpg.canonical()).isEqualTo(jpeg.canonical());
    }

    @Test
    void differentRequestsHaveDifferentCanonicalForms() {
        RenderRequest base = request();
        RenderRequest otherWidth = new RenderRequest(base.source(), OptionalInt.of(101), base.height(), base.format(), 75);
        RenderRequest noWidth = new RenderRequest(base.source(), OptionalInt.empty(), base.height(), base.format(), 75);
        RenderRequest otherQuality = new RenderRequest(base.source(), base.width(), base.height(), base.format(), 76);
        assertThat(otherWidth.canonical()).isNotEqualTo(base.canonical());
        assertThat(noWidth.canonical()).isNotEqualTo(base.canonical()).doesNotContain("wid=");
        assertThat(otherQuality.canonical()).isNotEqualTo(base.canonical());
    }

    @Test
    void headersRoundTrip() {
        RenderRequest original = request();
        Map<String, String> headers = original.toHeaders();
        assertThat(headers).containsOnly(Map.entry("src", "folder/Bild ä&b.jpg"), Map.entry("wid", "100"),
                Map.entry("hei", "200"), Map.entry("fmt", "png"), Map.entry("qlt", "75"));
        assertThat(RenderRequest.fromHeaders(headers)).isEqualTo(original);
    }

    @Test
    void absentSidesStayAbsentThroughTheHeaders() {
        RenderRequest original = new RenderRequest("x.png", OptionalInt.empty(), OptionalInt.of(50), OutputFormat.JPEG, 90);
        Map<String, String> headers = original.toHeaders();
        assertThat(headers).doesNotContainKey("wid");
        RenderRequest back = RenderRequest.fromHeaders(headers);
        assertThat(back.width()).isEmpty();
        assertThat(back.height()).hasValue(50);
        assertThat(back).isEqualTo(original);
    }

    @Test
    void fromHeadersFillsDefaults() {
        RenderRequest r = RenderRequest.fromHeaders(Map.of("src", "a.jpg"));
        assertThat(r.format()).isEqualTo(OutputFormat.JPEG);
        assertThat(r.quality()).isEqualTo(RenderRequest.DEFAULT_QUALITY);
        assertThat(r.width()).isEmpty();
        assertThat(r.height()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101, Integer.MAX_VALUE})
    void invalidQualityIsRejected(int quality) {
        assertThatThrownBy(() -> new RenderRequest("a.jpg", OptionalInt.empty(), OptionalInt.empty(), OutputFormat.JPEG,
                quality)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quality");
        assertThatThrownBy(() -> RenderRequest.fromHeaders(Map.of("src", "a.jpg", "qlt", Integer.toString(quality))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void qualityBoundsAreAccepted(int quality) {
        assertThat(new RenderRequest("a.jpg", OptionalInt.empty(), OptionalInt.empty(), OutputFormat.JPEG, quality)
                .quality()).isEqualTo(quality);
    }

    @Test
    void malformedHeadersAreIllegalArguments() {
        assertThatThrownBy(() -> RenderRequest.fromHeaders(Map.of("fmt", "png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("src");
        assertThatThrownBy(() -> RenderRequest.fromHeaders(Map.of("src", "a", "fmt", "gif")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gif");
        assertThatThrownBy(() -> RenderRequest.fromHeaders(Map.of("src", "a", "wid", "abc")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RenderRequest.fromHeaders(Map.of("src", "a", "qlt", "high")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sourceAndFormatAreRequired() {
        assertThatThrownBy(() -> new RenderRequest(null, OptionalInt.empty(), OptionalInt.empty(), OutputFormat.JPEG, 80))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RenderRequest("a", OptionalInt.empty(), OptionalInt.empty(), null, 80))
                .isInstanceOf(NullPointerException.class);
    }
}
