package org.imageserving.is.text;

import java.util.List;
import java.util.Map;

/**
 * A text layer's RTF string after parsing ("Supported RTF commands and keywords"): the font and colour tables, the
 * document's margins and vertical alignment, and the paragraphs with their runs of equally formatted characters.
 * Lengths are in twips (1/20 point), font sizes in half-points, as RTF writes them.
 *
 * @param fonts       {@code \fonttbl}: font number → font name as written
 * @param colors      {@code \colortbl}: index → ARGB, or -1 for "auto" (black)
 * @param isColors    {@code \*\iscolortbl}, looked up before {@code \colortbl}
 * @param scaleYSpacing whether {@code \charscaley} also scales line spacing: {@code text=} yes, {@code textPs=} no
 *                    ("Advanced text formatting")
 */
public record RtfDocument(Map<Integer, String> fonts, List<Integer> colors, List<Integer> isColors, Margins margins,
                          VerticalAlign verticalAlign, CopyfitLines copyfitLines, List<Paragraph> paragraphs,
                          boolean scaleYSpacing) {

    /** The same text for the {@code text=} engine, whose line spacing follows {@code \charscaley}. */
    public RtfDocument forTextEngine() {
        return new RtfDocument(fonts, colors, isColors, margins, verticalAlign, copyfitLines, paragraphs, true);
    }

    /**
     * {@code \copyfitlines} (soft: more lines when the text does not fit in them) or {@code \copyfitmaxlines}
     * (truncating): at most this many lines while copy-fitting; 0 = no limit.
     */
    public record CopyfitLines(int lines, boolean truncate) {
        public static final CopyfitLines NONE = new CopyfitLines(0, false);
    }

    public enum Align { LEFT, CENTER, RIGHT, JUSTIFY }

    public enum VerticalAlign { TOP, CENTER, BOTTOM }

    /** {@code \margl \margt \margr \margb}, twips. */
    public record Margins(int left, int top, int right, int bottom) {}

    /**
     * Character formatting of a run.
     *
     * @param font          font number of {@code \fonttbl}; -1 when the RTF names none ({@code attribute::DefaultFont})
     * @param size          {@code \fs}, half-points
     * @param color         {@code \cf} index; 0 is auto
     * @param expand        {@code \expnd}/{@code \expndtw}: extra space after each character, twips
     * @param kerning       {@code \kerning}: kerning applies from this size (half-points) up; 0 = off
     * @param baseline      {@code up} (positive) / {@code \dn} (negative), half-points
     * @param copyfit       {@code \copyfit}: the largest size copy-fitting may grow this run to, half-points; 0 = off
     * @param scaleX        {@code \charscalex}: glyph width and advance, percent (100 = as designed)
     * @param scaleY        {@code \charscaley}: glyph height, percent; line spacing follows it for {@code text=} only
     */
    public record CharStyle(int font, int size, boolean bold, boolean italic, boolean underline, int color, int expand,
                            int kerning, int baseline, int copyfit, int scaleX, int scaleY) {
        public static final CharStyle DEFAULT = new CharStyle(-1, 24, false, false, false, 0, 0, 1, 0, 0, 100, 100);

        public CharStyle(int font, int size, boolean bold, boolean italic, boolean underline, int color, int expand,
                         int kerning, int baseline, int copyfit) {
            this(font, size, bold, italic, underline, color, expand, kerning, baseline, copyfit, 100, 100);
        }

        public CharStyle withScale(int x, int y) {
            return new CharStyle(font, size, bold, italic, underline, color, expand, kerning, baseline, copyfit, x, y);
        }

        public boolean scaled() {
            return scaleX != 100 || scaleY != 100;
        }

        /** Whether copy-fitting may change this run's size (documented: a \copyfit at or below \fs disables it). */
        public boolean fits() {
            return copyfit > size;
        }
    }

    /** Characters of one style; {@link #LINE_BREAK} in the text is a {@code \line}. */
    public record Run(String text, CharStyle style) {}

    public static final char LINE_BREAK = '\u2028';

    /**
     * A paragraph with the paragraph formatting in force at its end ({@code \par}).
     *
     * @param lineSpacing {@code \sl}: 0 auto, positive "at least", negative "exactly", twips
     * @param multiple    {@code \slmult1}: lineSpacing is a multiple of single spacing (240 = single)
     */
    public record Paragraph(Align align, Align lastAlign, int lineSpacing, boolean multiple, int spaceBefore,
                            int spaceAfter, int leftIndent, int rightIndent, int firstIndent, List<Run> runs) {
        public boolean isEmpty() {
            return runs.stream().allMatch(r -> r.text().isEmpty());
        }
    }
}
