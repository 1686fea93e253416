package org.imageserving.is.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imageserving.is.text.RtfDocument.Align;
import org.imageserving.is.text.RtfDocument.CharStyle;
import org.junit.jupiter.api.Test;

class RtfParserTest {
    @Test
    void readsTablesFormattingAndParagraphs() {
        RtfDocument doc = RtfParser.parse("{\\rtf1\\ansi{\\fonttbl{\\f0\\fswiss Sans;}{\\f1\\froman Serif Face;}}"
                + "{\\colortbl;\\red255\\green0\\blue0;}\\qc\\f1\\fs48\\cf1\\b Big\\b0  {\\i\\ul small}\\par"
                + "\\pard\\qr\\sl-480\\expnd4\\kerning0\\up6 x\\line y}");
        assertThat(doc.fonts()).containsEntry(0, "Sans").containsEntry(1, "Serif Face");
        assertThat(doc.colors()).containsExactly(-1, 0xFFFF0000);
        assertThat(doc.paragraphs()).hasSize(2);
        RtfDocument.Paragraph first = doc.paragraphs().get(0);
        assertThat(first.align()).isEqualTo(Align.CENTER);
        assertThat(first.runs()).extracting(RtfDocument.Run::text).containsExactly("Big", " ", "small");
        CharStyle big = first.runs().get(0).style();
        assertThat(big.font()).isEqualTo(1);
        assertThat(big.size()).isEqualTo(48);
        assertThat(big.bold()).isTrue();
        assertThat(big.color()).isEqualTo(1);
        CharStyle small = first.runs().get(2).style();
        assertThat(small.italic()).isTrue();
        assertThat(small.underline()).isTrue();
        assertThat(small.bold()).isFalse();
        RtfDocument.Paragraph second = doc.paragraphs().get(1);
        assertThat(second.align()).isEqualTo(Align.RIGHT);
        assertThat(second.lineSpacing()).isEqualTo(-480);
        CharStyle x = second.runs().get(0).style();
        assertThat(x.expand()).isEqualTo(20); // quarter-points to twips
        assertThat(x.kerning()).isZero();
        assertThat(x.baseline()).isEqualTo(6);
        assertThat(second.runs().get(0).text()).isEqualTo("x" + RtfDocument.LINE_BREAK + "y");
    }

    @Test
    void groupsWithoutADocumentGroupStayInTheirParagraph() {
        RtfDocument doc = RtfParser.parse("\\qc Sale {\\b 50%} off");
        assertThat(doc.paragraphs()).hasSize(1);
        assertThat(doc.paragraphs().get(0).align()).isEqualTo(Align.CENTER);
        assertThat(doc.paragraphs().get(0).runs()).extracting(RtfDocument.Run::text).containsExactly("Sale ", "50%",
                " off");
    }

    @Test
    void capsAndSmallCapsDrawCapitals() {
        RtfDocument doc = RtfParser.parse("{\\caps Sale} {\\fs30\\scaps Ab}");
        assertThat(doc.paragraphs().get(0).runs()).extracting(RtfDocument.Run::text)
                .containsExactly("SALE ", "A", "B");
        assertThat(doc.paragraphs().get(0).runs()).extracting(r -> r.style().size()).containsExactly(24, 30, 24);
    }

    @Test
    void decodesEscapesAndPlainStrings() {
        RtfDocument doc = RtfParser.parse("a\\'e9\\u8364?\\\\\\{\\}\\~b");
        assertThat(doc.paragraphs().get(0).runs().get(0).text()).isEqualTo("aé€\\{}\u00a0b");
        assertThat(RtfParser.parse("plain text").paragraphs().get(0).runs().get(0).text()).isEqualTo("plain text");
        // skipped destinations and unknown keywords leave no text
        assertThat(RtfParser.parse("{\\*\\generator x;}{\\info{\\title t}}\\foo12 ok").paragraphs().get(0).runs()
                .get(0).text()).isEqualTo("ok");
    }

    @Test
    void hostileRtfIsAClearError() {
        assertThatThrownBy(() -> RtfParser.parse("{\\b open")).isInstanceOf(TextException.class)
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> RtfParser.parse("close}")).isInstanceOf(TextException.class)
                .hasMessageContaining("closes no group");
        assertThatThrownBy(() -> RtfParser.parse("\\fs99999999 huge")).isInstanceOf(TextException.class)
                .hasMessageContaining("half-points");
        assertThatThrownBy(() -> RtfParser.parse("\\fs99999999999999999999 huge")).isInstanceOf(TextException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> RtfParser.parse("{".repeat(500) + "x" + "}".repeat(500)))
                .isInstanceOf(TextException.class).hasMessageContaining("nested");
        assertThatThrownBy(() -> RtfParser.parse("x".repeat(RtfParser.MAX_TEXT_CHARS + 1)))
                .isInstanceOf(TextException.class).hasMessageContaining("characters of text");
        assertThatThrownBy(() -> RtfParser.parse("x".repeat(RtfParser.MAX_RTF_CHARS + 1)))
                .isInstanceOf(TextException.class).hasMessageContaining("characters long");
        assertThatThrownBy(() -> RtfParser.parse("bad \\'zz")).isInstanceOf(TextException.class);
        assertThatThrownBy(() -> RtfParser.parse("ends \\")).isInstanceOf(TextException.class);
        assertThatThrownBy(() -> RtfParser.parse("{\\colortbl;\\red999;}x")).isInstanceOf(TextException.class);
        // thousands of characters within the limit are fine
        assertThat(RtfParser.parse("word ".repeat(2000)).paragraphs()).hasSize(1);
    }
}
