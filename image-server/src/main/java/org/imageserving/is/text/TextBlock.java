package org.imageserving.is.text;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.LineBreakMeasurer;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.font.TransformAttribute;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.imageserving.is.text.RtfDocument.Align;
import org.imageserving.is.text.RtfDocument.CharStyle;
import org.imageserving.is.text.RtfDocument.Paragraph;
import org.imageserving.is.text.RtfDocument.Run;

/**
 * Text laid out in lines, in layer pixels: each paragraph broken into lines that fit the box's width (between its
 * margins and the paragraph's indents) with Java2D's {@link LineBreakMeasurer}, every line a {@link TextLayout} with
 * fractional metrics, placed by the paragraph's alignment and spacing. Sizes: a point is {@code pixelsPerPoint}
 * pixels ({@code textAttr=} res / 72).
 */
public final class TextBlock {
    /** Lays out against the same metrics the glyphs are drawn with: anti-aliased, fractional. */
    static final FontRenderContext CONTEXT = new FontRenderContext(null, true, true);
    private static final float TWIPS_PER_POINT = 20f;

    /** One line: where its baseline starts. */
    record Line(TextLayout layout, double x, double baseline, List<Word> words) {
        Line(TextLayout layout, double x, double baseline) {
            this(layout, x, baseline, List.of());
        }
    }

    /** A word of a justified line, laid out on its own and drawn {@code dx} from the line's start. */
    record Word(TextLayout layout, double dx) {}

    private final List<Line> lines;
    private final double width;
    private final double contentHeight;
    private final Rectangle2D.Double visual;
    private final double firstBaseline;
    private final Align firstAlign;

    private TextBlock(List<Line> lines, double width, double contentHeight, Rectangle2D.Double visual,
                      double firstBaseline, Align firstAlign) {
        this.lines = lines;
        this.width = width;
        this.contentHeight = contentHeight;
        this.visual = visual;
        this.firstBaseline = firstBaseline;
        this.firstAlign = firstAlign;
    }

    /**
     * @param boxWidth       the text box's width in layer pixels; 0: point text, one line per paragraph and
     *                       {@code \line}, as wide as its longest line
     * @param pixelsPerPoint layer pixels per point
     * @param fit            0..1: how far copy-fitted runs grow from {@code \fs} towards {@code \copyfit}
     * @param wrap           whether lines wrap at the box's width
     */
    static TextBlock layout(RtfDocument doc, TextFonts fonts, double boxWidth, double pixelsPerPoint, double fit,
                            boolean wrap) {
        double twip = pixelsPerPoint / TWIPS_PER_POINT;
        RtfDocument.Margins m = doc.margins();
        boolean pointText = boxWidth <= 0;
        double left = pointText ? 0 : m.left() * twip;
        double inner = pointText ? 0 : Math.max(1, boxWidth - left - m.right() * twip);
        Map<String, Font> faces = new HashMap<>();
        record Broken(TextLayout layout, double indent, double right, Align align, boolean justified) {}
        List<Line> lines = new ArrayList<>();
        List<Broken> brokenLines = new ArrayList<>();
        double top = pointText ? 0 : m.top() * twip;
        double y = top;
        double previousBaseline = 0, previousDescent = 0, previousLeading = 0, gap = 0;
        double widest = 0;
        for (Paragraph p : doc.paragraphs()) {
            gap += p.spaceBefore() * twip;
            List<List<Run>> segments = segments(p);
            int lineInParagraph = 0;
            double right = p.rightIndent() * twip;
            for (int s = 0; s < segments.size(); s++) {
                List<Run> segment = segments.get(s);
                String text = text(segment);
                List<TextLayout> broken = new ArrayList<>();
                List<Double> indents = new ArrayList<>();
                List<int[]> ranges = new ArrayList<>();
                AttributedString styled = null;
                AttributedString unshifted = null;
                if (text.isEmpty()) {
                    // an empty line still advances by its font's height
                    Run run = segment.isEmpty() ? p.runs().get(0) : segment.get(0);
                    broken.add(new TextLayout(" ", attributes(run.style(), doc, fonts, faces, pixelsPerPoint, fit),
                            CONTEXT));
                    indents.add(p.leftIndent() * twip);
                } else {
                    styled = styled(segment, text, doc, fonts, faces, pixelsPerPoint, fit);
                    // up and dn move glyphs, never the lines: the metrics come from the text without them (and,
                    // for textPs=, without \charscaley, which keeps its line spacing)
                    unshifted = segment.stream().anyMatch(r -> r.style().baseline() != 0
                            || r.style().scaleY() != 100 && !doc.scaleYSpacing())
                            ? styled(segment, text, doc, fonts, faces, pixelsPerPoint, fit, false) : null;
                    LineBreakMeasurer measurer = new LineBreakMeasurer(styled.getIterator(), CONTEXT);
                    while (measurer.getPosition() < text.length()) {
                        double indent = p.leftIndent() * twip + (lineInParagraph == 0 ? p.firstIndent() * twip : 0);
                        double available = pointText || !wrap ? Float.MAX_VALUE : Math.max(1, inner - indent - right);
                        int start = measurer.getPosition();
                        broken.add(measurer.nextLayout((float) available));
                        ranges.add(new int[] {start, measurer.getPosition()});
                        indents.add(indent);
                        lineInParagraph++;
                    }
                }
                for (int i = 0; i < broken.size(); i++) {
                    TextLayout layout = broken.get(i);
                    double indent = indents.get(i);
                    // the last line of a paragraph, or before a \line, is not stretched
                    boolean lastOfSegment = i == broken.size() - 1;
                    Align align = p.align() == Align.JUSTIFY && lastOfSegment ? lastAlign(p) : p.align();
                    boolean justified = false;
                    List<Word> words = List.of();
                    if (align == Align.JUSTIFY && !pointText && styled != null) {
                        // the space goes between words (Java2D's own justification also spreads letters apart)
                        words = justified(styled, text, ranges.get(i), Math.max(1, inner - indent - right));
                        justified = !words.isEmpty();
                    }
                    TextLayout metrics = unshifted == null ? layout
                            : new TextLayout(unshifted.getIterator(null, ranges.get(i)[0], ranges.get(i)[1]), CONTEXT);
                    double baseline;
                    if (lines.isEmpty()) {
                        baseline = y + gap + metrics.getAscent();
                    } else {
                        double auto = previousDescent + previousLeading + metrics.getAscent();
                        baseline = previousBaseline + gap + advance(p, auto, twip);
                    }
                    gap = 0;
                    widest = Math.max(widest, indent + layout.getVisibleAdvance() + right);
                    lines.add(new Line(layout, indent, baseline, words));
                    brokenLines.add(new Broken(layout, indent, right, align, justified));
                    previousBaseline = baseline;
                    previousDescent = metrics.getDescent();
                    previousLeading = metrics.getLeading();
                    y = baseline + metrics.getDescent();
                }
            }
            gap += p.spaceAfter() * twip;
        }
        double width = pointText ? widest : boxWidth;
        double textWidth = pointText ? widest : inner;
        // alignment needs the final width (point text: its widest line)
        List<Line> placed = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            Broken b = brokenLines.get(i);
            double room = textWidth - b.indent() - b.right() - b.layout().getVisibleAdvance();
            double shift = b.justified() ? 0 : switch (b.align()) {
                case CENTER -> room / 2;
                case RIGHT -> room;
                default -> 0;
            };
            placed.add(new Line(line.layout(), left + line.x() + shift, line.baseline(), line.words()));
        }
        Rectangle2D.Double visual = null;
        for (Line line : placed) {
            Rectangle2D b = line.layout().getBounds();
            Rectangle2D.Double r = new Rectangle2D.Double(b.getX() + line.x(), b.getY() + line.baseline(), b.getWidth(),
                    b.getHeight());
            if (visual == null) {
                visual = r;
            } else {
                visual.add(r);
            }
        }
        double height = y + gap + (pointText ? 0 : m.bottom() * twip);
        Align firstAlign = doc.paragraphs().isEmpty() ? Align.LEFT : doc.paragraphs().get(0).align();
        return new TextBlock(placed, width, height, visual == null ? new Rectangle2D.Double() : visual,
                placed.isEmpty() ? 0 : placed.get(0).baseline(), firstAlign);
    }

    /** The words of one line spread over {@code width}; empty when the line has a single word. */
    private static List<Word> justified(AttributedString styled, String text, int[] range, double width) {
        List<int[]> spans = new ArrayList<>();
        int i = range[0];
        while (i < range[1]) {
            while (i < range[1] && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < range[1] && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                spans.add(new int[] {start, i});
            }
        }
        if (spans.size() < 2) {
            return List.of();
        }
        List<TextLayout> layouts = new ArrayList<>();
        double total = 0;
        for (int[] span : spans) {
            TextLayout word = new TextLayout(styled.getIterator(null, span[0], span[1]), CONTEXT);
            layouts.add(word);
            total += word.getAdvance();
        }
        double gap = (width - total) / (spans.size() - 1);
        List<Word> words = new ArrayList<>();
        double x = 0;
        for (TextLayout word : layouts) {
            words.add(new Word(word, x));
            x += word.getAdvance() + gap;
        }
        return words;
    }

    private static Align lastAlign(Paragraph p) {
        return p.lastAlign() == Align.JUSTIFY ? Align.LEFT : p.lastAlign();
    }

    /** The distance from the previous baseline: auto, at least or exactly {@code \sl}, or a multiple of single. */
    private static double advance(Paragraph p, double auto, double twip) {
        if (p.lineSpacing() == 0) {
            return auto;
        }
        double sl = Math.abs(p.lineSpacing()) * twip;
        if (p.multiple()) {
            return auto * p.lineSpacing() / 240.0;
        }
        return p.lineSpacing() < 0 ? sl : Math.max(auto, sl);
    }

    private static List<List<Run>> segments(Paragraph p) {
        List<List<Run>> segments = new ArrayList<>();
        List<Run> current = new ArrayList<>();
        for (Run run : p.runs()) {
            String t = run.text();
            int start = 0;
            for (int i = 0; i < t.length(); i++) {
                if (t.charAt(i) == RtfDocument.LINE_BREAK) {
                    if (i > start) {
                        current.add(new Run(t.substring(start, i), run.style()));
                    } else if (current.isEmpty()) {
                        current.add(new Run("", run.style()));
                    }
                    segments.add(current);
                    current = new ArrayList<>();
                    start = i + 1;
                }
            }
            if (start < t.length() || current.isEmpty()) {
                current.add(new Run(t.substring(start), run.style()));
            }
        }
        segments.add(current);
        return segments;
    }

    private static String text(List<Run> runs) {
        StringBuilder b = new StringBuilder();
        runs.forEach(r -> b.append(r.text()));
        return b.toString();
    }

    private static AttributedString styled(List<Run> runs, String text, RtfDocument doc, TextFonts fonts,
                                           Map<String, Font> faces, double pixelsPerPoint, double fit) {
        return styled(runs, text, doc, fonts, faces, pixelsPerPoint, fit, true);
    }

    private static AttributedString styled(List<Run> runs, String text, RtfDocument doc, TextFonts fonts,
                                           Map<String, Font> faces, double pixelsPerPoint, double fit,
                                           boolean shifted) {
        AttributedString styled = new AttributedString(text);
        int at = 0;
        for (Run run : runs) {
            if (!run.text().isEmpty()) {
                styled.addAttributes(attributes(run.style(), doc, fonts, faces, pixelsPerPoint, fit, shifted), at,
                        at + run.text().length());
            }
            at += run.text().length();
        }
        return styled;
    }

    /**
     * A run's font, colour, underline, kerning, tracking, baseline shift and character scaling as Java2D text
     * attributes.
     */
    static Map<TextAttribute, Object> attributes(CharStyle s, RtfDocument doc, TextFonts fonts, Map<String, Font> faces,
                                                 double pixelsPerPoint, double fit) {
        return attributes(s, doc, fonts, faces, pixelsPerPoint, fit, true);
    }

    /** {@code shifted} false: without the baseline shift, for the line's metrics. */
    static Map<TextAttribute, Object> attributes(CharStyle s, RtfDocument doc, TextFonts fonts, Map<String, Font> faces,
                                                 double pixelsPerPoint, double fit, boolean shifted) {
        double halfPoints = s.fits() ? s.size() + fit * (s.copyfit() - s.size()) : s.size();
        float px = (float) Math.max(0.01, halfPoints / 2 * pixelsPerPoint);
        String name = s.font() < 0 ? null : doc.fonts().get(s.font());
        if (s.font() >= 0 && name == null) {
            throw new TextException("\\f" + s.font() + " is not in the text's \\fonttbl");
        }
        String key = name + "|" + s.bold() + "|" + s.italic();
        Font base = faces.computeIfAbsent(key, k -> fonts.font(name, s.bold(), s.italic()));
        Font font = base.deriveFont(px);
        AffineTransform glyphs = new AffineTransform();
        if (s.baseline() != 0 && shifted) {
            // up and dn move the glyphs, not the line: a translated font keeps the line's metrics
            glyphs.translate(0, -s.baseline() / 2.0 * pixelsPerPoint);
        }
        // \charscalex stretches outlines and advances; \charscaley the outlines, and the line's metrics only where
        // the engine scales line spacing with it (a font transform scales both)
        double scaleY = shifted || doc.scaleYSpacing() ? s.scaleY() / 100.0 : 1;
        glyphs.scale(s.scaleX() / 100.0, scaleY);
        if (!glyphs.isIdentity()) {
            font = font.deriveFont(glyphs);
        }
        // kerning and tracking belong to the font: with TextAttribute.FONT given, Java2D ignores them as attributes
        Map<TextAttribute, Object> fontAttributes = new HashMap<>();
        if (s.kerning() > 0 && s.size() >= s.kerning()) {
            fontAttributes.put(TextAttribute.KERNING, TextAttribute.KERNING_ON);
        }
        fontAttributes.put(TextAttribute.LIGATURES, TextAttribute.LIGATURES_ON);
        if (s.expand() != 0) {
            // tracking is in ems; \expnd is an absolute amount
            fontAttributes.put(TextAttribute.TRACKING, (float) (s.expand() / TWIPS_PER_POINT * pixelsPerPoint / px));
        }
        font = font.deriveFont(fontAttributes);
        Map<TextAttribute, Object> a = new HashMap<>();
        a.put(TextAttribute.FONT, font);
        a.put(TextAttribute.FOREGROUND, new Color(color(doc, s.color()), true));
        if (s.underline()) {
            a.put(TextAttribute.UNDERLINE, TextAttribute.UNDERLINE_ON);
        }
        return a;
    }

    /** Colour lookup order ("Color handling"): {@code \iscolortbl}, then {@code \colortbl}, else black. */
    static int color(RtfDocument doc, int index) {
        for (List<Integer> table : List.of(doc.isColors(), doc.colors())) {
            if (index < table.size() && table.get(index) != -1) {
                return table.get(index);
            }
        }
        return 0xFF000000;
    }

    /** The box's width (point text: the widest line's). */
    public double width() {
        return width;
    }

    /** From the box's top to the last line's descent, margins included. */
    public double height() {
        return contentHeight;
    }

    /** Where the glyphs' outlines reach, relative to the box's top-left. */
    public Rectangle2D.Double visualBounds() {
        return visual;
    }

    public double firstBaseline() {
        return firstBaseline;
    }

    public Align firstAlign() {
        return firstAlign;
    }

    public int lineCount() {
        return lines.size();
    }

    /** The first {@code count} lines only ({@code \copyfitmaxlines}): the rest is not drawn and takes no height. */
    TextBlock firstLines(int count) {
        if (count <= 0 || count >= lines.size()) {
            return this;
        }
        List<Line> kept = List.copyOf(lines.subList(0, count));
        Line last = kept.get(count - 1);
        Rectangle2D.Double bounds = null;
        for (Line line : kept) {
            Rectangle2D b = line.layout().getBounds();
            Rectangle2D.Double r = new Rectangle2D.Double(b.getX() + line.x(), b.getY() + line.baseline(), b.getWidth(),
                    b.getHeight());
            if (bounds == null) {
                bounds = r;
            } else {
                bounds.add(r);
            }
        }
        return new TextBlock(kept, width, last.baseline() + last.layout().getDescent(), bounds, firstBaseline,
                firstAlign);
    }

    /** Draws the lines with their top-left at (dx, dy) of {@code g}'s user space. */
    void draw(Graphics2D g, double dx, double dy) {
        for (Line line : lines) {
            if (line.words().isEmpty()) {
                line.layout().draw(g, (float) (dx + line.x()), (float) (dy + line.baseline()));
            } else {
                for (Word word : line.words()) {
                    word.layout().draw(g, (float) (dx + line.x() + word.dx()), (float) (dy + line.baseline()));
                }
            }
        }
    }
}
