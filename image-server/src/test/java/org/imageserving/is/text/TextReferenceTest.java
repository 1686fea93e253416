package org.imageserving.is.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rendering against another text engine: ImageMagick (FreeType) setting the same font file at the same size.
 * The two lay out with the same advance widths from the font's tables, but FreeType may round each glyph's advance to
 * a whole pixel (hinting) where Java2D keeps fractions, so the widths may differ by up to half a pixel per glyph, and
 * the ink edge found at mid-gray by a pixel on each side: 13 glyphs, at most 13 x 0.5 + 2 = 8.5 pixels. Heights (the
 * same outlines: cap height to descender) within 2 pixels, total ink (the glyphs' area) within 5 %. The reference is
 * written as RGB: ImageIO reads a gray PNG as linear gray, which would lighten its anti-aliased edges.
 */
class TextReferenceTest {
    static final Path CONVERT = Path.of("/usr/bin/convert");
    static final String WORD = "Hamburgefonts";

    @TempDir
    static Path work;

    @Test
    void ourGlyphsMatchImageMagicksWithTheSameFontFile() throws Exception {
        DebianPackage.require(CONVERT, "imagemagick");
        TextLayerTest.root = Files.createDirectories(work.resolve("root"));
        TextLayerTest.setUp();
        // 30 points at 72 dpi: 30 pixels per em in both engines
        BufferedImage ours = TextLayerTest.render("textPs=\\fs60 " + WORD + "&size=380,60");
        Path reference = work.resolve("reference.png");
        Process p = new ProcessBuilder(List.of(CONVERT.toString(), "-size", "400x200", "xc:white", "-font",
                TextLayerTest.SANS.toString(), "-density", "72", "-pointsize", "30", "-fill", "black", "-annotate",
                "+20+100", WORD, "PNG24:" + reference)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        BufferedImage theirs = ImageIO.read(reference.toFile());
        Rectangle a = TextLayerTest.ink(ours), b = TextLayerTest.ink(theirs);
        assertThat(Math.abs(a.width - b.width)).as("ink widths %s vs %s", a, b).isLessThanOrEqualTo(8);
        assertThat(Math.abs(a.height - b.height)).as("ink heights %s vs %s", a, b).isLessThanOrEqualTo(2);
        long inkOurs = TextLayerTest.inkPixels(ours), inkTheirs = TextLayerTest.inkPixels(theirs);
        assertThat(Math.abs(inkOurs - inkTheirs)).as("ink %d vs %d", inkOurs, inkTheirs)
                .isLessThanOrEqualTo(inkTheirs * 5 / 100);
    }
}
