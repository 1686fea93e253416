package org.imageserving.ps.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imageserving.common.render.OutputFormat;
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
    void withoutModifiersTheDefaultsApply() {
        for (String query : new String[] {null, ""}) {
            RenderRequest r = ImageRequestParser.parse("folder/a.jpg", query);
            assertThat(r.source()).isEqualTo("folder/a.jpg");
            assertThat(r.width()).isEmpty();
            assertThat(r.height()).isEmpty();
            assertThat(r.format()).isEqualTo(OutputFormat.JPEG);
            assertThat(r.quality()).isEqualTo(RenderRequest.DEFAULT_QUALITY);
        }
    }

    @Test
    void readsEveryModifier() {
        RenderRequest r = ImageRequestParser.parse("a.jpg", "wid=300&hei=200&fmt=png&qlt=90");
        assertThat(r.width()).hasValue(300);
        assertThat(r.height()).hasValue(200);
        assertThat(r.format()).isEqualTo(OutputFormat.PNG);
        assertThat(r.quality()).isEqualTo(90);
    }

    @Test
    void commandNamesAreCaseInsensitive() {
        RenderRequest r = ImageRequestParser.parse("a.jpg", "WID=300&Hei=200&fMt=png&QLT=90&REQ=img");
        assertThat(r.width()).hasValue(300);
        assertThat(r.height()).hasValue(200);
        assertThat(r.format()).isEqualTo(OutputFormat.PNG);
        assertThat(r.quality()).isEqualTo(90);
    }

    @Test
    void theLastOccurrenceWins() {
        RenderRequest r = ImageRequestParser.parse("a.jpg", "wid=100&fmt=png&wid=200&WID=300&fmt=jpeg");
        assertThat(r.width()).hasValue(300);
        assertThat(r.format()).isEqualTo(OutputFormat.JPEG);
    }

    @Test
    void anInvalidEarlierOccurrenceIsOverriddenByAValidLaterOne() {
        assertThat(ImageRequestParser.parse("a.jpg", "wid=abc&wid=50").width()).hasValue(50);
    }

    @Test
    void anEncodedAmpersandStaysInsideItsValue() {
        assertThat(ImageRequestParser.commands("text=a%26wid%3D5&wid=10"))
                .containsEntry("text", "a&wid=5")
                .containsEntry("wid", "10")
                .hasSize(2);
        assertThat(ImageRequestParser.parse("a.jpg", "text=a%26wid%3D5&wid=10").width()).hasValue(10);
        assertThat(ImageRequestParser.parse("a.jpg", "text=x%26wid%3D5").width()).isEmpty();
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
    void sidesAtTheirBoundsAreAccepted() {
        RenderRequest r = ImageRequestParser.parse("a.jpg", "wid=1&hei=65535");
        assertThat(r.width()).hasValue(1);
        assertThat(r.height()).hasValue(65535);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "65536", "2147483648", "abc", "1.5", "", "10px", "0x10"})
    void invalidWidthIs403NamingWid(String value) {
        assertRefused("wid=" + value, 403, "wid=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "70000", "tall", " "})
    void invalidHeightIs403NamingHei(String value) {
        assertRefused("hei=" + value, 403, "hei=");
    }

    @Test
    void qualityInRangeIsAccepted() {
        assertThat(ImageRequestParser.parse("a.jpg", "qlt=1").quality()).isEqualTo(1);
        assertThat(ImageRequestParser.parse("a.jpg", "qlt=100").quality()).isEqualTo(100);
        assertThat(ImageRequestParser.parse("a.jpg", "qlt=85,1").quality()).isEqualTo(85);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "high", "", ",1"})
    void invalidQualityIs403NamingQlt(String value) {
        assertRefused("qlt=" + value, 403, "qlt=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "jpeg", "JPG", "Jpeg", "jpeg,rgb"})
    void jpegSpellingsAreAccepted(String value) {
        assertThat(ImageRequestParser.parse("a.jpg", "fmt=" + value).format()).isEqualTo(OutputFormat.JPEG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "PNG", "png,rgb"})
    void pngIsAccepted(String value) {
        assertThat(ImageRequestParser.parse("a.jpg", "fmt=" + value).format()).isEqualTo(OutputFormat.PNG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif", "tif", "webp", "png-alpha", "jpg2", ""})
    void unknownFormatIs403NamingFmt(String value) {
        assertRefused("fmt=" + value, 403, "fmt=" + value);
    }

    @Test
    void reqImgIsAcceptedInAnyCase() {
        assertThat(ImageRequestParser.parse("a.jpg", "req=img&wid=5").width()).hasValue(5);
        assertThat(ImageRequestParser.parse("a.jpg", "req=IMG&wid=5").width()).hasValue(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"imageprops", "ctx", "tmb", "userdata", ""})
    void reqOtherThanImgIs403NamingReq(String value) {
        assertRefused("req=" + value + "&wid=5", 403, "req=" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wid=%zz", "wid=%", "wid=10%2", "%G1=1", "text=100%", "fmt=png&x=%e"})
    void aMalformedPercentEscapeIs400(String query) {
        assertRefused(query, 400, "%-escape");
    }

    @Test
    void theFirstProblemFoundIsReported() {
        // req is checked before everything else, so an unsupported request never gets as far as the size checks
        assertRefused("req=ctx&wid=0", 403, "req=ctx");
    }
}
