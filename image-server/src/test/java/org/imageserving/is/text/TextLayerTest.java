package org.imageserving.is.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.imageserving.common.render.FontMap;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.render.Renderer;
import org.imageserving.is.source.SourceResolver;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text layers rendered through the real pipeline with real font files (Debian's fonts-dejavu-core), measured from
 * the pixels: where ink lands, how wide it is, which font drew it.
 */
class TextLayerTest {
    static final Path SANS = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    static final Path SERIF = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
    static final Path SANS_BOLD = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    @TempDir
    static Path root;
    static Renderer renderer;
    static String fonts;

    @BeforeAll
    static void setUp() throws IOException {
        DebianPackage.require(SANS, "fonts-dejavu-core");
        Files.createDirectories(root.resolve("fonts"));
        Files.copy(SANS, root.resolve("fonts/sans.ttf"));
        Files.copy(SERIF, root.resolve("fonts/serif.ttf"));
        Files.copy(SANS_BOLD, root.resolve("fonts/sans-bold.ttf"));
        BufferedImage white = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                white.setRGB(x, y, 0xFFFFFF);
            }
        }
        ImageIO.write(white, "png", root.resolve("white.png").toFile());
        renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.fixed(Instant.parse("2025-11-27T13:00:00Z"), ZoneOffset.UTC));
        fonts = fontMap(true);
    }

    static String fontMap(boolean synthesize) {
        return new FontMap(List.of(new FontMap.Face("Sans", false, false, "fonts/sans.ttf"),
                new FontMap.Face("Sans", true, false, "fonts/sans-bold.ttf"),
                new FontMap.Face("Serif", false, false, "fonts/serif.ttf")), "Sans", synthesize).encode();
    }

    /** A white 400 x 200 canvas with one text layer (its commands), as decoded pixels. */
    static BufferedImage render(String layer) {
        return render(layer, fonts);
    }

    static BufferedImage render(String layer, String fontMap) {
        Map<String, String> global = new TreeMap<>(Map.of("fmt", "png", "wid", "400", "hei", "200"));
        global.put(RenderRequest.FONTS, fontMap);
        RenderRequest single = RenderRequest.of("white.png", global);
        List<Layer> layers = new ArrayList<>(List.of(single.layer0()));
        layers.add(Layer.of(1, "", commands(layer)));
        try {
            return ImageIO.read(new ByteArrayInputStream(
                    renderer.render(new RenderRequest(single.global(), layers)).bytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> commands(String query) {
        Map<String, String> c = new TreeMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            c.put(pair.substring(0, eq).toLowerCase(), pair.substring(eq + 1));
        }
        return c;
    }

    /** The bounding box of the pixels darker than mid-gray. */
    static Rectangle ink(BufferedImage image) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >> 8 & 255) < 128) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? new Rectangle() : new Rectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** How far right the ink of the image's top half lies of its bottom half's (mean x difference, pixels). */
    static double lean(BufferedImage image) {
        Rectangle box = ink(image);
        double[] sum = new double[2], n = new double[2];
        for (int y = box.y; y < box.y + box.height; y++) {
            int half = y < box.y + box.height / 2 ? 0 : 1;
            for (int x = box.x; x < box.x + box.width; x++) {
                double k = (255 - (image.getRGB(x, y) >> 8 & 255)) / 255.0;
                sum[half] += k * x;
                n[half] += k;
            }
        }
        return sum[0] / n[0] - sum[1] / n[1];
    }

    static long inkPixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += 255 - (image.getRGB(x, y) >> 8 & 255);
            }
        }
        return n / 255;
    }

    @Test
    void glyphsLandInsideTheLayerBox() {
        // a 200 x 100 box whose top-left is at the canvas centre (200, 100)
        BufferedImage image = render("textPs=\\fs40 Hello world, a text that wraps in its box&size=200,100"
                + "&origin=0,0");
        Rectangle ink = ink(image);
        assertThat(ink.isEmpty()).isFalse();
        assertThat(ink.x).isGreaterThanOrEqualTo(199);
        assertThat(ink.y).isGreaterThanOrEqualTo(99);
        assertThat(ink.x + ink.width).isLessThanOrEqualTo(400);
        assertThat(ink.y + ink.height).isLessThanOrEqualTo(200);
        // three lines of 20 px text: it wrapped
        assertThat(ink.height).isGreaterThan(45);
    }

    @Test
    void centeredAndRightAlignedTextAreMeasuredFromThePixels() {
        Rectangle left = ink(render("textPs=\\ql\\fs40 Mid&size=300,60"));
        Rectangle center = ink(render("textPs=\\qc\\fs40 Mid&size=300,60"));
        Rectangle right = ink(render("textPs=\\qr\\fs40 Mid&size=300,60"));
        assertThat(left.width).isCloseTo(center.width, org.assertj.core.data.Offset.offset(2));
        // the box spans 50..350: left starts near 50, right ends near 350, centre's middle is near 200
        assertThat(left.x).isBetween(49, 54);
        assertThat(right.x + right.width).isBetween(346, 351);
        assertThat(center.x + center.width / 2.0).isCloseTo(200, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void twoFontsVisiblyDiffer() {
        BufferedImage sans = render("textPs={\\fonttbl{\\f0 Sans;}}\\f0\\fs60 Hamburgefonts&size=380,80");
        BufferedImage serif = render("textPs={\\fonttbl{\\f0 Serif;}}\\f0\\fs60 Hamburgefonts&size=380,80");
        long differing = 0;
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 400; x++) {
                if (Math.abs((sans.getRGB(x, y) & 255) - (serif.getRGB(x, y) & 255)) > 64) {
                    differing++;
                }
            }
        }
        assertThat(differing).isGreaterThan(500);
        assertThat(ink(serif).width).isNotEqualTo(ink(sans).width);
    }

    @Test
    void copyFittingShrinksTextToFitAndGrowsShortText() {
        String longText = "Copy fitting makes long text small enough to fit its box. ".repeat(3);
        Rectangle fitted = ink(render("textPs=\\fs10\\copyfit200 " + longText + "&size=300,80"));
        assertThat(fitted.height).isLessThanOrEqualTo(82);
        Rectangle tiny = ink(render("textPs=\\fs10 " + longText + "&size=300,80"));
        assertThat(fitted.height).isGreaterThan(tiny.height * 3 / 2); // grown from \fs10 as far as the box allows
        Rectangle unfitted = ink(render("textPs=\\fs40 " + longText + "&size=300,0"));
        assertThat(unfitted.height).isGreaterThan(80); // at \fs40 it would not fit
        // short text grows towards \copyfit: far taller than at \fs10
        Rectangle grown = ink(render("textPs=\\fs10\\copyfit200 Hi&size=300,80"));
        Rectangle small = ink(render("textPs=\\fs10 Hi&size=300,80"));
        assertThat(grown.height).isGreaterThan(small.height * 4);
    }

    @Test
    void copyFittingLineLimitsTruncateOrOverflow() {
        // at \\fs10 (5 px) sixty words need three lines of the 300 px box
        String words = "word ".repeat(60);
        Rectangle truncated = ink(render("textPs=\\fs10\\copyfit100\\copyfitmaxlines1 " + words + "&size=300,80"));
        Rectangle soft = ink(render("textPs=\\fs10\\copyfit100\\copyfitlines1 " + words + "&size=300,80"));
        assertThat(truncated.height).isLessThan(8);
        assertThat(soft.height).isGreaterThan(12);
        // in a narrow, high box a short text grows only as far as one line allows; without the limit it takes three
        Rectangle oneLine = ink(render("textPs=\\fs10\\copyfit400\\copyfitlines1 Hi there you&size=120,190"));
        Rectangle free = ink(render("textPs=\\fs10\\copyfit400 Hi there you&size=120,190"));
        assertThat(oneLine.width).isGreaterThan(100);
        assertThat(free.height).isGreaterThan(oneLine.height * 3);
    }

    @Test
    void trackingAndKerningChangeAdvanceWidths() {
        int plain = ink(render("textPs=\\fs40\\kerning0 AVAVAVAV&size=380,60")).width;
        int kerned = ink(render("textPs=\\fs40\\kerning1 AVAVAVAV&size=380,60")).width;
        int tracked = ink(render("textPs=\\fs40\\kerning0\\expnd20 AVAVAVAV&size=380,60")).width;
        assertThat(kerned).isLessThan(plain);
        // 5 points (20 quarter-points) after each of 7 gaps: 35 px more
        assertThat(tracked - plain).isBetween(33, 37);
    }

    @Test
    void upAndDnShiftTheBaseline() {
        // the same glyph in a fixed box, 20 points below its top (margt): up 20 half-points raises it 10 points
        // (10 px), dn 20 lowers it as much
        Rectangle plain = ink(render("textPs=\\margt400\\fs40 x&size=100,80"));
        Rectangle up = ink(render("textPs=\\margt400\\fs40\\up20 x&size=100,80"));
        Rectangle down = ink(render("textPs=\\margt400\\fs40\\dn20 x&size=100,80"));
        assertThat(plain.y - up.y).isBetween(9, 11);
        assertThat(down.y - plain.y).isBetween(9, 11);
        assertThat(up.height).isEqualTo(plain.height);
    }

    @Test
    void boldComesFromItsFaceAndIsHeavier() {
        long regular = inkPixels(render("textPs=\\fs40 Heavy&size=300,60"));
        long bold = inkPixels(render("textPs=\\b\\fs40 Heavy&size=300,60"));
        assertThat(bold).isGreaterThan(regular * 5 / 4);
        // Serif has no bold face: synthesized, or refused without SynthesizeFontStyles
        long serif = inkPixels(render("textPs={\\fonttbl{\\f0 Serif;}}\\f0\\fs40 Heavy&size=300,60"));
        long synthesized = inkPixels(render("textPs={\\fonttbl{\\f0 Serif;}}\\f0\\b\\fs40 Heavy&size=300,60"));
        assertThat(synthesized).isGreaterThan(serif * 11 / 10);
        // a synthesized italic slants: the same ink, leaning right (its top half's ink further right)
        BufferedImage upright = render("textPs={\\fonttbl{\\f0 Serif;}}\\f0\\fs80 I&size=300,100");
        BufferedImage slanted = render("textPs={\\fonttbl{\\f0 Serif;}}\\f0\\i\\fs80 I&size=300,100");
        assertThat(lean(slanted)).isGreaterThan(lean(upright) + 3);
        assertThatThrownBy(() -> render("textPs={\\fonttbl{\\f0 Serif;}}\\f0\\b\\fs40 Heavy&size=300,60",
                fontMap(false))).isInstanceOf(RenderException.class).hasMessageContaining("SynthesizeFontStyles");
    }

    @Test
    void unknownFontsAndHostileTextAreClearErrors() {
        assertThatThrownBy(() -> render("textPs={\\fonttbl{\\f0 Comic Nope;}}\\f0 x&size=100,50"))
                .isInstanceOf(RenderException.class).hasMessageContaining("'Comic Nope' is not in the catalog's font map");
        assertThatThrownBy(() -> render("textPs={\\b x&size=100,50")).isInstanceOf(RenderException.class)
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> render("textPs=\\fs2000 " + "W".repeat(2000)))
                .isInstanceOf(RenderException.class).hasMessageContaining("would be drawn at");
        assertThatThrownBy(() -> render("textPs=x&textPath=M0,0L10,10")).isInstanceOf(RenderException.class)
                .hasMessageContaining("textPath");
    }

    @Test
    void pointTextSitsOnItsPosition() {
        // \ql point text: the first baseline on the layer's position, text to its right
        Rectangle ink = ink(render("textPs=\\fs40 Point&pos=-100,0"));
        assertThat(ink.x).isBetween(99, 104);
        assertThat(ink.y + ink.height).isBetween(98, 102); // on the baseline at y 100
    }

    @Test
    void textEngineKeepsRaisedGlyphsInsideTheBox() {
        Rectangle ps = ink(render("textPs=\\fs40 Normal {\\up20 Raised}&size=300,60&origin=0,0&pos=-150,-30"));
        Rectangle text = ink(render("text=\\fs40 Normal {\\up20 Raised}&size=300,60&origin=0,0&pos=-150,-30"));
        // textPs= keeps the first line at the top (the raised glyphs leave the box, cut at y 70); text= moves it down
        assertThat(ps.y).isEqualTo(70);
        assertThat(text.y).isGreaterThanOrEqualTo(70);
        assertThat(text.y + text.height).isGreaterThan(ps.y + ps.height + 4);
        // textAttr autoRes fills the box
        Rectangle auto = ink(render("text=\\fs10 Fill&textAttr=72,norm,autoRes&size=300,60&origin=0,0&pos=-150,-30"));
        assertThat(auto.height).isGreaterThan(30);
    }

    @Test
    void charscalexStretchesAdvancesAndGlyphWidthsOnly() {
        Rectangle plain = ink(render("textPs=\\fs40\\kerning0 HHHH&size=380,80"));
        Rectangle wide = ink(render("textPs=\\fs40\\kerning0\\charscalex200 HHHH&size=380,80"));
        Rectangle narrow = ink(render("textPs=\\fs40\\kerning0\\charscalex50 HHHH&size=380,80"));
        // every advance and stem doubles or halves: the ink's width within 3 px of 2x and 0.5x, the height unchanged
        assertThat(wide.width).isBetween(plain.width * 2 - 3, plain.width * 2 + 3);
        assertThat(narrow.width).isBetween(plain.width / 2 - 2, plain.width / 2 + 2);
        assertThat(wide.height).isBetween(plain.height - 1, plain.height + 1);
        // a group ends the scaling: the second word as wide as unscaled
        Rectangle grouped = ink(render("textPs=\\fs40\\kerning0 {\\charscalex200 HHHH}HHHH&size=380,80"));
        assertThat(grouped.width - wide.width).as("four unscaled H after the scaled ones")
                .isBetween(plain.width - 3, plain.width + 12);
    }

    @Test
    void charscaleyStretchesGlyphHeightsAndTheTextEnginesLineSpacing() {
        // a top margin leaves room: textPs= keeps the unscaled line, so the taller glyphs reach above it
        Rectangle plain = ink(render("textPs=\\margt400\\fs40 HHHH&size=380,100"));
        Rectangle tall = ink(render("textPs=\\margt400\\fs40\\charscaley200 HHHH&size=380,100"));
        assertThat(tall.y + tall.height).as("the same baseline").isBetween(plain.y + plain.height - 1,
                plain.y + plain.height + 1);
        assertThat(tall.height).isBetween(plain.height * 2 - 2, plain.height * 2 + 2);
        assertThat(tall.width).isBetween(plain.width - 1, plain.width + 1);
        // two paragraphs, left and right aligned so their ink is told apart by column: the distance between the
        // two baselines (bottoms of H) stays for textPs= and doubles for text= ("Advanced text formatting")
        double pitch = baselinePitch("textPs=\\fs40\\ql H\\par\\qr H");
        double psScaled = baselinePitch("textPs=\\fs40\\charscaley200\\ql H\\par\\qr H");
        double textPitch = baselinePitch("text=\\fs40\\ql H\\par\\qr H");
        double textScaled = baselinePitch("text=\\fs40\\charscaley200\\ql H\\par\\qr H");
        assertThat(psScaled).isBetween(pitch - 1, pitch + 1);
        assertThat(textScaled).isBetween(textPitch * 2 - 2, textPitch * 2 + 2);
    }

    /** The bottom of the right half's ink less the left half's, in a 380 x 190 box. */
    private static double baselinePitch(String text) {
        BufferedImage image = render(text + "&size=380,190&origin=0,0&pos=-200,-100");
        int left = ink(image.getSubimage(0, 0, 200, 200)).y + ink(image.getSubimage(0, 0, 200, 200)).height;
        Rectangle r = ink(image.getSubimage(200, 0, 200, 200));
        return r.y + r.height - left;
    }

    @Test
    void opticalKerningAndMirroredScalingAreRefusedByName() {
        assertThatThrownBy(() -> render("textPs=\\kerningoptical AV&size=100,50")).isInstanceOf(RenderException.class)
                .hasMessageContaining("\\kerningoptical").hasMessageContaining("kerningmetric");
        assertThatThrownBy(() -> render("textPs=\\charscalex-100 AV&size=100,50")).isInstanceOf(RenderException.class)
                .hasMessageContaining("\\charscalex-100").hasMessageContaining("mirrored");
        assertThatThrownBy(() -> render("text=\\charscaley0 AV&size=100,50")).isInstanceOf(RenderException.class)
                .hasMessageContaining("\\charscaley0");
        assertThat(ink(render("textPs=\\kerningmetric\\fs40 AV&size=100,50")))
                .isEqualTo(ink(render("textPs=\\fs40 AV&size=100,50")));
    }
}
