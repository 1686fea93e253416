package org.imageserving.is.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageCommandsTest {
    /** Commands as the Platform Server sends them: decoded text, split on '&' and the first '='. */
    private static ImageCommands parse(String query) {
        Map<String, String> commands = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (!pair.isEmpty()) {
                commands.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return ImageCommands.parse(RenderRequest.of("a.jpg", commands));
    }

    private static void assertRefused(String query, String... messageParts) {
        assertThatThrownBy(() -> parse(query))
                .isExactlyInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403))
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void withoutCommandsTheDefaultsApply() {
        ImageCommands c = parse("");
        assertThat(c.width()).isEmpty();
        assertThat(c.height()).isEmpty();
        assertThat(c.format()).isEqualTo(OutputFormat.JPEG);
        assertThat(c.quality()).isEqualTo(ImageCommands.DEFAULT_QUALITY);
    }

    @Test
    void readsEveryCommand() {
        ImageCommands c = parse("wid=300&hei=200&fmt=png&qlt=90");
        assertThat(c.width()).hasValue(300);
        assertThat(c.height()).hasValue(200);
        assertThat(c.format()).isEqualTo(OutputFormat.PNG);
        assertThat(c.quality()).isEqualTo(90);
    }

    @Test
    void sidesAtTheirBoundsAreAccepted() {
        ImageCommands c = parse("wid=1&hei=65535");
        assertThat(c.width()).hasValue(1);
        assertThat(c.height()).hasValue(65535);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "65536", "2147483648", "abc", "1.5", "", "10px", "0x10"})
    void invalidWidthIsAUsageErrorNamingWid(String value) {
        assertRefused("wid=" + value, "wid=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "70000", "tall", " "})
    void invalidHeightIsAUsageErrorNamingHei(String value) {
        assertRefused("hei=" + value, "hei=");
    }

    @Test
    void qualityInRangeIsAccepted() {
        assertThat(parse("qlt=1").quality()).isEqualTo(1);
        assertThat(parse("qlt=100").quality()).isEqualTo(100);
        assertThat(parse("qlt=85,1").quality()).isEqualTo(85);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-1", "high", "", ",1"})
    void invalidQualityIsAUsageErrorNamingQlt(String value) {
        assertRefused("qlt=" + value, "qlt=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "jpeg", "JPG", "Jpeg", "jpeg,rgb"})
    void jpegSpellingsAreAccepted(String value) {
        assertThat(parse("fmt=" + value).format()).isEqualTo(OutputFormat.JPEG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gif2", "jpg2", ""})
    void unknownFormatIsAUsageErrorNamingFmt(String value) {
        assertRefused("fmt=" + value, "fmt=" + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ctx", "userdata", ""})
    void unsupportedReqIsAUsageErrorNamingReq(String value) {
        assertRefused("req=" + value + "&wid=5", "req=" + value);
    }
}
