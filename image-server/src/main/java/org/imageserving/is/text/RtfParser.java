package org.imageserving.is.text;

import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageserving.is.text.RtfDocument.Align;
import org.imageserving.is.text.RtfDocument.CharStyle;
import org.imageserving.is.text.RtfDocument.Paragraph;
import org.imageserving.is.text.RtfDocument.Run;
import org.imageserving.is.text.RtfDocument.VerticalAlign;

/**
 * Reads the RTF subset of text layers ("Supported RTF commands and keywords"): groups, the font and colour tables,
 * character and paragraph formatting, the special entities and the character encodings ({@code \'hh} in Windows-1252,
 * {@code \\uN} with {@code \\ucN}). A plain string without any RTF is text too. Unknown keywords are ignored, as
 * documented; destinations that hold no text of the layer ({@code \*\…}, {@code \stylesheet}, {@code \info}, …) are
 * skipped whole.
 *
 * <p>The string comes from a URL, so everything is bounded: its length, the nesting of groups, the number of
 * characters drawn and every size. What breaks a bound, or is not RTF (an unbalanced brace), is a {@link TextException}
 * that names the problem.
 */
public final class RtfParser {
    /** More than any URL the Platform Server accepts. */
    public static final int MAX_RTF_CHARS = 200_000;
    /** Characters drawn: thousands are fine, more make a layer nobody reads and cost seconds of layout. */
    public static final int MAX_TEXT_CHARS = 20_000;
    static final int MAX_DEPTH = 64;
    /** The largest font size, half-points: 1000 points, beyond any glyph a reply could hold. */
    public static final int MAX_SIZE = 2000;
    /** The largest {@code \charscalex}/{@code \charscaley}, percent: ten times wider or taller. */
    public static final int MAX_SCALE = 1000;
    /** The largest length of margins, indents, spacing and tracking, twips (50 inches). */
    static final int MAX_TWIPS = 72_000;
    private static final Charset ANSI = Charset.forName("windows-1252");
    private static final Set<String> SKIPPED_DESTINATIONS = Set.of("stylesheet", "info", "pict", "header", "footer",
            "headerl", "headerr", "headerf", "footerl", "footerr", "footerf", "listtable", "listoverridetable",
            "revtbl", "rsidtbl", "generator", "xmlnstbl", "themedata", "colorschememapping", "latentstyles",
            "datastore", "fldinst", "object", "cmykcolortbl", "filetbl", "footnote", "annotation", "bkmkstart",
            "bkmkend", "field");

    private enum Destination { TEXT, FONTS, COLORS, IS_COLORS, SKIP }

    /** What a group saves and its closing brace restores. */
    private static final class State {
        Destination destination = Destination.TEXT;
        CharStyle chars;
        ParagraphStyle paragraph = new ParagraphStyle();
        int unicodeSkip = 1;
        /** {@code \caps}, {@code \scaps}: drawn in capitals (small capitals at 4/5 of the size). */
        boolean caps;
        boolean smallCaps;

        State copy() {
            State s = new State();
            s.caps = caps;
            s.smallCaps = smallCaps;
            s.destination = destination;
            s.chars = chars;
            s.paragraph = paragraph.copy();
            s.unicodeSkip = unicodeSkip;
            return s;
        }
    }

    private static final class ParagraphStyle {
        Align align = Align.LEFT;
        Align lastAlign = Align.LEFT;
        int lineSpacing;
        boolean multiple;
        int before;
        int after;
        int left;
        int right;
        int first;

        ParagraphStyle copy() {
            ParagraphStyle p = new ParagraphStyle();
            p.align = align;
            p.lastAlign = lastAlign;
            p.lineSpacing = lineSpacing;
            p.multiple = multiple;
            p.before = before;
            p.after = after;
            p.left = left;
            p.right = right;
            p.first = first;
            return p;
        }
    }

    private final String rtf;
    private int pos;
    private State state = new State();
    private final Deque<State> stack = new ArrayDeque<>();
    private final Map<Integer, String> fonts = new LinkedHashMap<>();
    private final List<Integer> colors = new ArrayList<>();
    private final List<Integer> isColors = new ArrayList<>();
    private final List<Paragraph> paragraphs = new ArrayList<>();
    private List<Run> runs = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private CharStyle textStyle;
    private int drawn;
    private int fontNumber = -1;
    private final StringBuilder fontName = new StringBuilder();
    private int red = -1;
    private int green = -1;
    private int blue = -1;
    private int[] margins = new int[4];
    private VerticalAlign vertical = VerticalAlign.TOP;
    private RtfDocument.CopyfitLines copyfitLines = RtfDocument.CopyfitLines.NONE;
    private int defaultFont = -1;
    private boolean ignorableNext;
    /**
     * The paragraph formatting the last text was written with: the last paragraph, ended by the end of the string
     * rather than a {@code \par}, keeps it even when the group that gave it closed before the end.
     */
    private ParagraphStyle lastParagraph;

    private RtfParser(String rtf) {
        this.rtf = rtf;
        state.chars = CharStyle.DEFAULT;
    }

    public static RtfDocument parse(String rtf) {
        if (rtf.length() > MAX_RTF_CHARS) {
            throw new TextException("the text is " + rtf.length() + " characters long, more than the "
                    + MAX_RTF_CHARS + " allowed");
        }
        return new RtfParser(rtf).document();
    }

    private RtfDocument document() {
        while (pos < rtf.length()) {
            char c = rtf.charAt(pos++);
            switch (c) {
                case '{' -> open();
                case '}' -> close();
                case '\\' -> control();
                case '\r', '\n' -> { } // line ends in RTF source are not text
                case '\t' -> character(' ');
                default -> character(c);
            }
        }
        if (!stack.isEmpty()) {
            throw new TextException(stack.size() + " group(s) opened with { and never closed");
        }
        endParagraph(false);
        return new RtfDocument(Map.copyOf(fonts), List.copyOf(colors), List.copyOf(isColors),
                new RtfDocument.Margins(margins[0], margins[1], margins[2], margins[3]), vertical, copyfitLines,
                List.copyOf(paragraphs), false);
    }

    private void open() {
        if (stack.size() >= MAX_DEPTH) {
            throw new TextException("groups nested more than " + MAX_DEPTH + " deep");
        }
        stack.push(state);
        state = state.copy();
        ignorableNext = false;
    }

    private void close() {
        if (stack.isEmpty()) {
            throw new TextException("a } at character " + pos + " closes no group");
        }
        if (state.destination == Destination.FONTS) {
            endFontEntry();
        }
        state = stack.pop();
    }

    private void control() {
        if (pos >= rtf.length()) {
            throw new TextException("the text ends with a lone backslash");
        }
        char c = rtf.charAt(pos);
        if (Character.isLetter(c) && c < 128) {
            int start = pos;
            while (pos < rtf.length() && pos - start < 32 && isAsciiLetter(rtf.charAt(pos))) {
                pos++;
            }
            String word = rtf.substring(start, pos);
            Integer parameter = null;
            int numberStart = pos;
            if (pos < rtf.length() && (rtf.charAt(pos) == '-' || Character.isDigit(rtf.charAt(pos)))) {
                pos++;
                while (pos < rtf.length() && Character.isDigit(rtf.charAt(pos))) {
                    pos++;
                }
                String digits = rtf.substring(numberStart, pos);
                if (digits.equals("-")) {
                    pos = numberStart;
                } else {
                    long value = digits.length() > 11 ? Long.MAX_VALUE : Long.parseLong(digits);
                    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
                        throw new TextException("\\" + word + digits + ": the number is out of range");
                    }
                    parameter = (int) value;
                }
            }
            if (pos < rtf.length() && rtf.charAt(pos) == ' ') {
                pos++; // the delimiter belongs to the control word
            }
            keyword(word, parameter);
            return;
        }
        pos++;
        switch (c) {
            case '\\', '{', '}' -> character(c);
            case '~' -> character('\u00a0');
            case '_' -> character('\u2011');
            case '-' -> { } // optional hyphen: no hyphenation, nothing to draw
            case '*' -> ignorableNext = true;
            case '\'' -> character(hexCharacter());
            case '\r', '\n' -> keyword("par", null);
            default -> { } // other control symbols have no meaning here
        }
    }

    private char hexCharacter() {
        if (pos + 2 > rtf.length()) {
            throw new TextException("\\' at character " + pos + " needs two hex digits");
        }
        int hi = Character.digit(rtf.charAt(pos), 16), lo = Character.digit(rtf.charAt(pos + 1), 16);
        if (hi < 0 || lo < 0) {
            throw new TextException("\\'" + rtf.substring(pos, pos + 2) + ": not two hex digits");
        }
        pos += 2;
        return new String(new byte[] {(byte) (hi * 16 + lo)}, ANSI).charAt(0);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private void keyword(String word, Integer parameter) {
        boolean ignorable = ignorableNext;
        ignorableNext = false;
        int n = parameter == null ? 0 : parameter;
        boolean on = parameter == null || parameter != 0;
        CharStyle s = state.chars;
        ParagraphStyle p = state.paragraph;
        if (state.destination == Destination.TEXT) {
            lastParagraph = p;
        }
        switch (word) {
            // destinations
            case "rtf", "ansi", "mac", "pc", "pca", "ansicpg", "fcharset", "fprq", "fnil", "froman", "fswiss",
                 "fmodern", "fscript", "fdecor", "ftech", "fbidi", "viewkind" -> { }
            case "fonttbl" -> state.destination = Destination.FONTS;
            case "colortbl" -> {
                state.destination = Destination.COLORS;
                red = green = blue = -1;
            }
            case "iscolortbl" -> {
                state.destination = Destination.IS_COLORS;
                red = green = blue = -1;
            }
            case "deff" -> defaultFont = n;
            case "red" -> red = component(word, n);
            case "green" -> green = component(word, n);
            case "blue" -> blue = component(word, n);
            // document
            case "margl" -> margins[0] = twips(word, n, true);
            case "margt" -> margins[1] = twips(word, n, true);
            case "margr" -> margins[2] = twips(word, n, true);
            case "margb" -> margins[3] = twips(word, n, true);
            case "vertalt" -> vertical = VerticalAlign.TOP;
            case "vertalc" -> vertical = VerticalAlign.CENTER;
            case "vertalb" -> vertical = VerticalAlign.BOTTOM;
            // paragraph
            case "pard" -> {
                state.paragraph = new ParagraphStyle();
                lastParagraph = state.paragraph;
            }
            case "ql" -> p.align = Align.LEFT;
            case "qc" -> p.align = Align.CENTER;
            case "qr" -> p.align = Align.RIGHT;
            case "qj" -> p.align = Align.JUSTIFY;
            case "lastql" -> p.lastAlign = Align.LEFT;
            case "lastqc" -> p.lastAlign = Align.CENTER;
            case "lastqr" -> p.lastAlign = Align.RIGHT;
            case "lastqj" -> p.lastAlign = Align.JUSTIFY;
            case "sl" -> p.lineSpacing = twips(word, n, false);
            case "slmult" -> p.multiple = on;
            case "sb" -> p.before = twips(word, n, true);
            case "sa" -> p.after = twips(word, n, true);
            case "li" -> p.left = twips(word, n, false);
            case "ri" -> p.right = twips(word, n, false);
            case "fi" -> p.first = twips(word, n, false);
            // character
            case "caps" -> state.caps = on;
            case "scaps" -> state.smallCaps = on;
            case "plain" -> {
                state.chars = new CharStyle(defaultFont, 24, false, false, false, 0, 0, s.kerning(), 0, 0);
                state.caps = false;
                state.smallCaps = false;
            }
            case "f" -> {
                if (state.destination == Destination.FONTS) {
                    endFontEntry();
                    fontNumber = n;
                } else {
                    state.chars = with(s, n, s.size(), s.bold(), s.italic(), s.underline(), s.color(), s.expand(),
                            s.kerning(), s.baseline(), s.copyfit());
                }
            }
            case "fs" -> state.chars = with(s, s.font(), size(word, parameter == null ? 24 : n), s.bold(), s.italic(),
                    s.underline(), s.color(), s.expand(), s.kerning(), s.baseline(), s.copyfit());
            case "cf" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), s.underline(), Math.max(0, n),
                    s.expand(), s.kerning(), s.baseline(), s.copyfit());
            case "b" -> state.chars = with(s, s.font(), s.size(), on, s.italic(), s.underline(), s.color(), s.expand(),
                    s.kerning(), s.baseline(), s.copyfit());
            case "i" -> state.chars = with(s, s.font(), s.size(), s.bold(), on, s.underline(), s.color(), s.expand(),
                    s.kerning(), s.baseline(), s.copyfit());
            case "ul", "uld", "uldash", "uldashd", "uldashdd", "uldb", "ulth", "ulw", "ulwave" -> state.chars = with(s,
                    s.font(), s.size(), s.bold(), s.italic(), on, s.color(), s.expand(), s.kerning(), s.baseline(),
                    s.copyfit());
            case "ulnone" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), false, s.color(),
                    s.expand(), s.kerning(), s.baseline(), s.copyfit());
            case "expnd" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), s.underline(), s.color(),
                    twips(word, n * 5, false), s.kerning(), s.baseline(), s.copyfit());
            case "expndtw" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), s.underline(), s.color(),
                    twips(word, n, false), s.kerning(), s.baseline(), s.copyfit());
            case "kerning" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), s.underline(), s.color(),
                    s.expand(), Math.max(0, n), s.baseline(), s.copyfit());
            case "up" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), s.underline(), s.color(),
                    s.expand(), s.kerning(), size(word, parameter == null ? 6 : n), s.copyfit());
            case "dn" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), s.underline(), s.color(),
                    s.expand(), s.kerning(), -size(word, parameter == null ? 6 : n), s.copyfit());
            case "super" -> state.chars = with(s, s.font(), Math.max(1, s.size() * 2 / 3), s.bold(), s.italic(),
                    s.underline(), s.color(), s.expand(), s.kerning(), s.size() / 3, s.copyfit());
            case "sub" -> state.chars = with(s, s.font(), Math.max(1, s.size() * 2 / 3), s.bold(), s.italic(),
                    s.underline(), s.color(), s.expand(), s.kerning(), -s.size() / 6, s.copyfit());
            case "nosupersub" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), s.underline(),
                    s.color(), s.expand(), s.kerning(), 0, s.copyfit());
            case "copyfit" -> state.chars = with(s, s.font(), s.size(), s.bold(), s.italic(), s.underline(), s.color(),
                    s.expand(), s.kerning(), s.baseline(), Math.max(0, size(word, Math.max(0, n))));
            case "charscalex" -> state.chars = s.withScale(scale(word, parameter, n), s.scaleY());
            case "charscaley" -> state.chars = s.withScale(s.scaleX(), scale(word, parameter, n));
            case "kerningmetric" -> { } // metric kerning (the font's kerning pairs) is what \kerning turns on
            case "kerningoptical" -> throw new TextException("\\kerningoptical: optical kerning (spacing from the "
                    + "glyph outlines) is not available in this text engine, which kerns by the font's kerning pairs; "
                    + "use \\kerningmetric (the default)");
            case "copyfitlines" -> copyfitLines = new RtfDocument.CopyfitLines(lines(word, n), false);
            case "copyfitmaxlines" -> copyfitLines = new RtfDocument.CopyfitLines(lines(word, n), true);
            case "uc" -> state.unicodeSkip = Math.max(0, Math.min(8, n));
            case "u" -> {
                character((char) (n < 0 ? n + 65536 : n & 0xFFFF));
                skipFallback(state.unicodeSkip);
            }
            // entities
            case "par" -> endParagraph(true);
            case "line" -> character(RtfDocument.LINE_BREAK);
            case "tab" -> character(' ');
            case "emdash" -> character('\u2014');
            case "endash" -> character('\u2013');
            case "bullet" -> character('\u2022');
            case "lquote" -> character('\u2018');
            case "rquote" -> character('\u2019');
            case "ldblquote" -> character('\u201c');
            case "rdblquote" -> character('\u201d');
            default -> {
                if (ignorable || SKIPPED_DESTINATIONS.contains(word)) {
                    state.destination = Destination.SKIP;
                }
                // any other keyword is ignored, as documented
            }
        }
    }

    private static CharStyle with(CharStyle s, int font, int size, boolean bold, boolean italic, boolean underline,
                                  int color, int expand, int kerning, int baseline, int copyfit) {
        return new CharStyle(font, size, bold, italic, underline, color, expand, kerning, baseline, copyfit,
                s.scaleX(), s.scaleY());
    }

    /**
     * {@code \charscalex}/{@code \charscaley}: 1 to {@value #MAX_SCALE} percent. The page allows negative values
     * too (mirrored glyphs); they are refused rather than drawn unmirrored.
     */
    private static int scale(String word, Integer parameter, int percent) {
        if (parameter == null) {
            return 100;
        }
        if (percent < 1 || percent > MAX_SCALE) {
            throw new TextException("\\" + word + percent + ": character scaling goes from 1 to " + MAX_SCALE
                    + " percent" + (percent < 0 ? " (negative scaling, mirrored glyphs, is not supported)" : ""));
        }
        return percent;
    }

    private static int size(String word, int halfPoints) {
        if (halfPoints < 1 || halfPoints > MAX_SIZE) {
            throw new TextException("\\" + word + halfPoints + ": sizes go from 1 to " + MAX_SIZE + " half-points");
        }
        return halfPoints;
    }

    private static int twips(String word, int twips, boolean positive) {
        if (Math.abs((long) twips) > MAX_TWIPS || (positive && twips < 0)) {
            throw new TextException("\\" + word + twips + ": expected " + (positive ? "0" : "-" + MAX_TWIPS) + " to "
                    + MAX_TWIPS + " twips");
        }
        return twips;
    }

    private static int lines(String word, int lines) {
        if (lines < 0 || lines > 10_000) {
            throw new TextException("\\" + word + lines + ": expected 0 (no limit) to 10000 lines");
        }
        return lines;
    }

    private static int component(String word, int value) {
        if (value < 0 || value > 255) {
            throw new TextException("\\" + word + value + ": colour components go from 0 to 255");
        }
        return value;
    }

    /** Skips the {@code \\ucN} fallback characters after {@code \\uN}: a {@code \'hh} counts as one. */
    private void skipFallback(int count) {
        for (int i = 0; i < count && pos < rtf.length(); i++) {
            char c = rtf.charAt(pos);
            if (c == '{' || c == '}') {
                return;
            }
            if (c == '\\') {
                if (pos + 1 < rtf.length() && rtf.charAt(pos + 1) == '\'') {
                    pos = Math.min(rtf.length(), pos + 4);
                    continue;
                }
                return;
            }
            pos++;
        }
    }

    private void character(char c) {
        switch (state.destination) {
            case TEXT -> {
                if (++drawn > MAX_TEXT_CHARS) {
                    throw new TextException("more than " + MAX_TEXT_CHARS + " characters of text");
                }
                CharStyle style = state.chars;
                if ((state.caps || state.smallCaps) && Character.isLowerCase(c)) {
                    if (!state.caps) {
                        style = with(style, style.font(), Math.max(1, style.size() * 4 / 5), style.bold(),
                                style.italic(), style.underline(), style.color(), style.expand(), style.kerning(),
                                style.baseline(), style.copyfit() * 4 / 5);
                    }
                    c = Character.toUpperCase(c);
                }
                if (textStyle != null && !textStyle.equals(style)) {
                    flushRun();
                }
                textStyle = style;
                lastParagraph = state.paragraph;
                text.append(c);
            }
            case FONTS -> {
                if (c == ';') {
                    endFontEntry();
                } else if (fontNumber >= 0) {
                    fontName.append(c);
                }
            }
            case COLORS, IS_COLORS -> {
                if (c == ';') {
                    List<Integer> table = state.destination == Destination.COLORS ? colors : isColors;
                    if (table.size() >= 4096) {
                        throw new TextException("a colour table of more than 4096 colours");
                    }
                    table.add(red < 0 && green < 0 && blue < 0 ? -1
                            : 0xFF000000 | Math.max(0, red) << 16 | Math.max(0, green) << 8 | Math.max(0, blue));
                    red = green = blue = -1;
                }
            }
            case SKIP -> { }
        }
    }

    private void endFontEntry() {
        if (fontNumber >= 0 && !fontName.isEmpty()) {
            if (fonts.size() >= 1024) {
                throw new TextException("a font table of more than 1024 fonts");
            }
            fonts.put(fontNumber, fontName.toString().strip());
        }
        fontNumber = -1;
        fontName.setLength(0);
    }

    private void flushRun() {
        if (!text.isEmpty()) {
            CharStyle style = textStyle;
            if (style.font() < 0 && defaultFont >= 0) {
                style = with(style, defaultFont, style.size(), style.bold(), style.italic(), style.underline(),
                        style.color(), style.expand(), style.kerning(), style.baseline(), style.copyfit());
            }
            runs.add(new Run(text.toString(), style));
            text.setLength(0);
        }
    }

    /** {@code \par} ends a paragraph; the end of the text ends the last one unless it is empty after a {@code \par}. */
    private void endParagraph(boolean explicit) {
        flushRun();
        if (!explicit && runs.isEmpty() && !paragraphs.isEmpty()) {
            return;
        }
        if (runs.isEmpty()) {
            // an empty paragraph still takes a line of the size in force
            runs.add(new Run("", state.chars));
        }
        ParagraphStyle p = explicit || lastParagraph == null ? state.paragraph : lastParagraph;
        lastParagraph = null;
        if (paragraphs.size() >= 10_000) {
            throw new TextException("more than 10000 paragraphs");
        }
        paragraphs.add(new Paragraph(p.align, p.lastAlign, p.lineSpacing, p.multiple, p.before, p.after, p.left,
                p.right, p.first, List.copyOf(runs)));
        runs = new ArrayList<>();
        textStyle = null;
    }
}
