package org.imageserving.is.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imageserving.is.render.RenderException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The documented examples of the color type (the "color" data type page), converted to sRGB ARGB. */
class ColorValueTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'0,100,200',        FF0064C8",
        "'0,100,200,200rs',  C80064C8",
        "0x010203S,          FF010203",
        "a0b1c2d3R,          D3A0B1C2",
        "ffffff,             FFFFFFFF",
        "100S,               FFFFFFFF",
        "'50,75g',           BF808080",
        "0X70G,              FF707070",
        "0xddeegs,           EEDDDDDD",
        "'0,0,0,0k',         FFFFFFFF",
        "'0,0,0,100k',       FF000000",
        "'100,0,0,0k',       FF00FFFF",
        "0x0000006400k,      00000000"})
    void documentedExamples(String text, String argb) {
        assertThat(String.format("%08X", ColorValue.parse("bgc", text))).isEqualTo(argb);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "zz", "1,2,3,4,5,6", "256,0,0", "0x12345", "0x65000000k", "1,2,3,x"})
    void malformedColorsAreUsageErrors(String text) {
        assertThatThrownBy(() -> ColorValue.parse("bgc", text)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("bgc=");
    }
}
