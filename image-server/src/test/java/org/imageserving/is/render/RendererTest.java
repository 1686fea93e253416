package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.render.Patterns.BLUE;
import static org.imageserving.is.render.Patterns.GREEN;
import static org.imageserving.is.render.Patterns.RED;
import static org.imageserving.is.render.Patterns.YELLOW;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.source.SourceResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on real files: geometry commands on a quadrant pattern (PNG, lossless) with known pixels. */
class RendererTest {
    @TempDir
    static Path root;
    static Renderer renderer;

    @BeforeAll
    static void images() {
        Patterns.write(Patterns.quadrants(200, 100), "png", root.resolve("quad.png"));
        Patterns.write(Patterns.grid(64, 64, 8), "png", root.resolve("grid.png"));
        Patterns.write(noise(256, 256), "png", root.resolve("noise.png"));
        Patterns.write(redSquare(60, 20), "png", root.resolve("square.png"));
        renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20, Encoders.standard(),
                null, Clock.fixed(Instant.parse("2025-11-27T13:00:00Z"), ZoneOffset.UTC));
    }

    /** Random colours (seeded): an image JPEG cannot make small. */
    static BufferedImage noise(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        return image;
    }

    /** Transparent, with an opaque red square in the middle. */
    static BufferedImage redSquare(int size, int side) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        int from = (size - side) / 2;
        for (int y = from; y < from + side; y++) {
            for (int x = from; x < from + side; x++) {
                image.setRGB(x, y, RED);
            }
        }
        return image;
    }

    static BufferedImage png(String object, String query) {
        return Patterns.decode(render(object, query + "&fmt=png-alpha").bytes());
    }

    static Renderer.Rendered render(String object, String query) {
        Map<String, String> commands = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                commands.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return renderer.render(RenderRequest.of(object, commands));
    }

    @Test
    void noSizeKeepsTheSourceWhenSmallerThanDefaultPix() {
        BufferedImage out = png("quad.png", "");
        assertThat(out.getWidth()).isEqualTo(200);
        assertThat(out.getHeight()).isEqualTo(100);
        assertThat(out.getRGB(0, 0)).isEqualTo(RED);
        assertThat(out.getRGB(199, 0)).isEqualTo(GREEN);
        assertThat(out.getRGB(0, 99)).isEqualTo(BLUE);
        assertThat(out.getRGB(199, 99)).isEqualTo(YELLOW);
        assertThat(out.getRGB(99, 49)).isEqualTo(RED);
        assertThat(out.getRGB(100, 50)).isEqualTo(YELLOW);
    }

    @Test
    void defaultPixCapsTheViewWhenNoSizeIsGiven() {
        BufferedImage out = png("quad.png", "attribute::defaultpix=100,100");
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getHeight()).isEqualTo(50);
    }

    @Test
    void widAndHeiFitInsideAndPadWithTransparencyForAlphaFormats() {
        BufferedImage out = png("quad.png", "wid=100&hei=100");
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getHeight()).isEqualTo(100);
        assertThat(out.getRGB(50, 10) >>> 24).isZero(); // padding above: 25 rows
        assertThat(out.getRGB(10, 30)).isEqualTo(RED);
        assertThat(out.getRGB(90, 70)).isEqualTo(YELLOW);
        assertThat(out.getRGB(50, 90) >>> 24).isZero();
    }

    @Test
    void flipLrMirrorsExactly() {
        BufferedImage out = png("quad.png", "flip=lr");
        assertThat(out.getRGB(0, 0)).isEqualTo(GREEN);
        assertThat(out.getRGB(199, 99)).isEqualTo(BLUE);
    }

    @Test
    void rotate90TurnsClockwise() {
        BufferedImage out = png("quad.png", "rotate=90");
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getHeight()).isEqualTo(200);
        assertThat(out.getRGB(0, 0)).isEqualTo(BLUE);
        assertThat(out.getRGB(99, 0)).isEqualTo(RED);
        assertThat(out.getRGB(99, 199)).isEqualTo(GREEN);
        assertThat(out.getRGB(0, 199)).isEqualTo(YELLOW);
    }

    @Test
    void cropThenScale() {
        BufferedImage out = png("quad.png", "crop=100,0,100,100&scale=0.5");
        assertThat(out.getWidth()).isEqualTo(50);
        assertThat(out.getHeight()).isEqualTo(50);
        assertThat(out.getRGB(25, 10)).isEqualTo(GREEN);
        assertThat(out.getRGB(25, 40)).isEqualTo(YELLOW);
    }

    @Test
    void arbitraryRotationGrowsTheBox() {
        BufferedImage out = png("quad.png", "rotate=45");
        int expected = (int) Math.round((200 + 100) * Math.sqrt(0.5));
        assertThat(out.getWidth()).isEqualTo(expected);
        assertThat(out.getHeight()).isEqualTo(expected);
        assertThat(out.getRGB(0, 0) >>> 24).isZero();
        assertThat(out.getRGB(expected / 2, expected / 2) >>> 24).isEqualTo(255);
    }

    @Test
    void maxPixIsEnforced() {
        assertThatThrownBy(() -> render("quad.png", "wid=3000"))
                .isInstanceOf(RenderException.class).hasMessageContaining("MaxPix");
    }

    @Test
    void aReplyOverMaxMessageSizeIsRefusedCleanly() {
        Renderer small = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 10_000,
                Encoders.standard(), null, Clock.systemUTC());
        assertThatThrownBy(() -> small.render(RenderRequest.of("quad.png", Map.of("fmt", "tif"))))
                .isInstanceOf(RenderException.class).hasMessageContaining("IS::MaxMessageSize");
        assertThat(small.render(RenderRequest.of("quad.png", Map.of("fmt", "png"))).bytes().length).isLessThan(10_000);
    }

    @Test
    void gridStaysSharpAtScaleOne() {
        BufferedImage out = png("grid.png", "scl=1");
        assertThat(out.getRGB(8, 3)).isEqualTo(0xFF000000);
        assertThat(out.getRGB(9, 3)).isEqualTo(0xFFFFFFFF);
    }

    @Test
    void dprMultipliesTheRequestedView() {
        BufferedImage out = png("quad.png", "wid=100&hei=50&dpr=on,2");
        assertThat(out.getWidth()).isEqualTo(200);
        assertThat(out.getHeight()).isEqualTo(100);
        assertThat(out.getRGB(0, 0)).isEqualTo(RED);
        assertThat(out.getRGB(199, 99)).isEqualTo(YELLOW);
        assertThat(png("quad.png", "wid=100&dpr=on,1.5").getWidth()).isEqualTo(150);
        assertThat(png("quad.png", "wid=100&dpr=off").getWidth()).isEqualTo(100);
    }

    @Test
    void dprClampsToMaxPixKeepingTheAspectRatioInsteadOfFailing() {
        BufferedImage out = png("quad.png", "dpr=on,3&attribute::maxpix=400,400");
        assertThat(out.getWidth()).isEqualTo(400);
        assertThat(out.getHeight()).isEqualTo(200);
        assertThatThrownBy(() -> render("quad.png", "wid=600&attribute::maxpix=400,400"))
                .isInstanceOf(RenderException.class).hasMessageContaining("MaxPix");
        assertThatThrownBy(() -> render("quad.png", "dpr=on")).isInstanceOf(RenderException.class)
                .hasMessageContaining("dpr=on");
    }

    @Test
    void jpegSizeLowersTheQualityUntilTheReplyFits() {
        byte[] full = render("noise.png", "fmt=jpeg&qlt=95").bytes();
        byte[] limited = render("noise.png", "fmt=jpeg&qlt=95&jpegsize=40").bytes();
        assertThat(full.length).isGreaterThan(40 * 1024);
        assertThat(limited.length).isLessThanOrEqualTo(40 * 1024).isGreaterThan(20 * 1024);
        assertThat(Patterns.decode(limited).getWidth()).isEqualTo(256);
        assertThat(render("noise.png", "fmt=jpeg&qlt=95&jpegsize=1000").bytes()).as("a reply that fits is kept")
                .isEqualTo(full);
        assertThat(render("noise.png", "fmt=png&jpegsize=1").bytes().length).as("only JPEG is limited")
                .isGreaterThan(1024);
    }

    @Test
    void jpegSizeFailsWhenNoQualityFitsAndRefusesNegativeValues() {
        assertThatThrownBy(() -> render("noise.png", "fmt=pjpeg&jpegsize=1")).isInstanceOf(RenderException.class)
                .hasMessageContaining("jpegSize=1");
        assertThatThrownBy(() -> render("noise.png", "jpegsize=-5")).isInstanceOf(RenderException.class)
                .hasMessageContaining("jpegSize=-5: negative values are not allowed");
    }

    @Test
    void growFiltersWorkOnTheAlphaOfATransparentSource() {
        // the square covers 20..39
        BufferedImage grown = png("square.png", "op_growmaskr=5");
        assertThat(grown.getRGB(16, 30)).isEqualTo(RED);
        assertThat(grown.getRGB(14, 30) >>> 24).isZero();
        BufferedImage shrunk = png("square.png", "op_grow=-5");
        assertThat(shrunk.getRGB(23, 30) >>> 24).isZero();
        assertThat(shrunk.getRGB(30, 30)).isEqualTo(RED);
    }

    @Test
    void noiseGivesTheSameReplyForTheSameRequest() {
        byte[] once = render("quad.png", "op_noise=30,gaussian&fmt=png").bytes();
        assertThat(render("quad.png", "op_noise=30,gaussian&fmt=png").bytes()).isEqualTo(once)
                .isNotEqualTo(render("quad.png", "fmt=png").bytes());
    }

    @Test
    void pscanWritesAProgressiveJpegInThatManyPasses() {
        byte[] jpeg = render("quad.png", "fmt=pjpeg&pscan=3").bytes();
        int scans = 0;
        for (int i = 0; i + 1 < jpeg.length; i++) {
            scans += (jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA ? 1 : 0;
        }
        assertThat(scans).isEqualTo(1 + 3 * 2);
        BufferedImage out = Patterns.decode(jpeg);
        assertThat(out.getRGB(20, 20) & 0xF0F0F0).isEqualTo(RED & 0xF0F0F0);
        assertThat(out.getRGB(180, 80) & 0xF0F0F0).isEqualTo(YELLOW & 0xF0F0F0);
        assertThatThrownBy(() -> render("quad.png", "fmt=pjpeg&pscan=6")).isInstanceOf(RenderException.class)
                .hasMessageContaining("pscan=6");
    }
}
