package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imageserving.common.render.RenderRequest;
import org.imageserving.ps.http.RequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageRequestParserTest {
    private static void assertRefused(String query, int status, String... messageParts) {
        assertThatThrownBy(() -> ImageRequestParser.parse("a.jpg", query))
                .isExactlyInstanceOf(RequestException.class)
                .satisfies(e -> assertThat(((RequestException) e).status()).isEqualTo(status))
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void withoutModifiersThereAreNoCommands() {
        for (String query : new String[] {null, ""}) {
            RenderRequest r = ImageRequestParser.parse("folder/a.jpg", query);
            assertThat(r.object()).isEqualTo("folder/a.jpg");
            assertThat(r.commands()).isEmpty();
        }
    }

    @Test
    void readsEveryModifier() {
        RenderRequest r = ImageRequestParser.parse("a.jpg", "wid=300&hei=200&fmt=png&qlt=90");
        assertThat(r.commands()).containsExactly(
                java.util.Map.entry("fmt", "png"), java.util.Map.entry("hei", "200"),
                java.util.Map.entry("qlt", "90"), java.util.Map.entry("wid", "300"));
    }

    @Test
    void commandNamesAreCaseInsensitiveValuesKeepTheirCase() {
        RenderRequest r = ImageRequestParser.parse("a.jpg", "WID=300&Hei=200&fMt=PNG&QLT=90&REQ=img");
        assertThat(r.commands()).containsEntry("wid", "300").containsEntry("hei", "200")
                .containsEntry("fmt", "PNG").containsEntry("qlt", "90").containsEntry("req", "img").hasSize(5);
    }

    @Test
    void theLastOccurrenceWins() {
        RenderRequest r = ImageRequestParser.parse("a.jpg", "wid=100&fmt=png&wid=200&WID=300&fmt=jpeg");
        assertThat(r.command("wid")).isEqualTo("300");
        assertThat(r.command("fmt")).isEqualTo("jpeg");
    }

    @Test
    void anEncodedAmpersandStaysInsideItsValue() {
        assertThat(ImageRequestParser.commands("text=a%26wid%3D5&wid=10"))
                .containsEntry("text", "a&wid=5")
                .containsEntry("wid", "10")
                .hasSize(2);
        assertThat(ImageRequestParser.parse("a.jpg", "text=x%26wid%3D5").command("wid")).isNull();
    }

    @Test
    void valuesAreDecodedAndEmptyPairsSkipped() {
        assertThat(ImageRequestParser.commands("&&a=%41%42&flag&b=&c=x%20y"))
                .containsEntry("a", "AB")
                .containsEntry("flag", "")
                .containsEntry("b", "")
                .containsEntry("c", "x y")
                .hasSize(4);
    }

    @Test
    void equalRequestsSpelledDifferentlyHaveOneCacheKey() {
        assertThat(ImageRequestParser.parse("a.jpg", "WID=10&hei=5").canonical())
                .isEqualTo(ImageRequestParser.parse("a.jpg", "hei=5&wid=10").canonical());
    }

    @Test
    void aValueWithoutACommandNameIsRefused() {
        assertRefused("=5", 403, "without a command name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"wid=%zz", "wid=%", "wid=10%2", "%G1=1", "text=100%", "fmt=png&x=%e"})
    void aMalformedPercentEscapeIs400(String query) {
        assertRefused(query, 400, "%-escape");
    }
}
