package org.imageserving.svg.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.imageserving.common.svg.SvgRasterFrames;
import org.imageserving.common.wire.Frame;
import org.imageserving.common.wire.FrameClient;
import org.imageserving.common.wire.FrameServer;
import org.imageserving.common.wire.FrameType;
import org.imageserving.testkit.DebianPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SVG server's handler behind a real socket, as the Image Server reaches it. */
class SvgRenderHandlerTest {
    static final long MAX_PIXELS = 4_000_000;
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static Tripwire tripwire;
    static FrameServer server;
    static FrameClient client;
    static final AtomicInteger exits = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        // the text tests name DejaVu Sans; a machine without any font could not draw text at all
        DebianPackage.require(java.nio.file.Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                "fonts-dejavu-core");
        tripwire = new Tripwire();
        // embedded /is/image requests would go to the tripwire too: nothing in these tests may reach it
        SvgRasterizer rasterizer = new SvgRasterizer(tripwire.port(), MAX_PIXELS, TIMEOUT);
        SvgRenderHandler handler = new SvgRenderHandler(rasterizer, 64 * 1024, MAX_PIXELS, TIMEOUT, 2,
                exits::incrementAndGet);
        server = FrameServer.start("svg", 0, handler, 1 << 20);
        client = new FrameClient("svg", server.port(), Duration.ofSeconds(2), Duration.ofSeconds(30), 4, 64 << 20);
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        server.close();
        tripwire.close();
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SvgRenderHandlerTest.class.getResourceAsStream("/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replace("@PORT@", Integer.toString(tripwire.port())).getBytes(StandardCharsets.UTF_8);
        }
    }

    static Frame render(byte[] svg, Map<String, String> variables, int width, int height) {
        return client.exchange(SvgRasterFrames.request(svg, variables, OptionalInt.of(width), OptionalInt.of(height)));
    }

    @Test
    void measuresTheSizeTheFileDeclares() throws IOException {
        Frame answer = client.exchange(SvgRasterFrames.request(resource("corpus/logo-gradient.svg"), Map.of(),
                OptionalInt.empty(), OptionalInt.empty()));

        assertThat(answer.type()).isEqualTo(FrameType.IMAGE);
        assertThat(Double.parseDouble(answer.header(SvgRasterFrames.SVG_WIDTH))).isEqualTo(320.0);
        assertThat(Double.parseDouble(answer.header(SvgRasterFrames.SVG_HEIGHT))).isEqualTo(120.0);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void rastersAtTheRequestedSizeNotTheDeclaredOne() throws IOException {
        // 300 x 100 declared, drawn at 1200 x 400: the dark background fills every corner, the text is white
        BufferedImage image = SvgRasterFrames.image(render(resource("corpus/text-label.svg"), Map.of(), 1200, 400));

        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(400);
        assertThat(image.getRGB(2, 2)).isEqualTo(0xff111827);
        assertThat(image.getRGB(1197, 397)).isEqualTo(0xff111827);
        long light = 0;
        for (int x = 0; x < 1200; x++) {
            for (int y = 150; y < 250; y++) {
                if ((image.getRGB(x, y) & 0xff) > 200) {
                    light++;
                }
            }
        }
        assertThat(light).as("white text pixels in the middle band").isGreaterThan(5000);
    }

    @Test
    void transparentWhereTheSvgDrawsNothing() throws IOException {
        BufferedImage image = SvgRasterFrames.image(render(resource("corpus/icon-home.svg"), Map.of(), 96, 96));

        assertThat(image.getRGB(0, 0) >>> 24).isZero();
        assertThat(image.getRGB(48, 95) >>> 24).isZero();
    }

    @Test
    void variablesAreSubstitutedInAttributesAndText() {
        byte[] svg = ("<svg xmlns='http://www.w3.org/2000/svg' width='$W$' height='20'>"
                + "<rect width='100%' height='100%' fill='$Color$'/>"
                + "<text id='t' x='0' y='15' fill='#000'>$label$ $undefined$</text></svg>").getBytes(StandardCharsets.UTF_8);

        Frame measured = client.exchange(SvgRasterFrames.request(svg, Map.of("w", "40", "color", "#00ff00",
                "label", "hello"), OptionalInt.empty(), OptionalInt.empty()));
        BufferedImage green = SvgRasterFrames.image(render(svg, Map.of("w", "40", "color", "#00ff00"), 40, 20));
        BufferedImage blue = SvgRasterFrames.image(render(svg, Map.of("w", "40", "color", "blue"), 40, 20));

        assertThat(measured.header(SvgRasterFrames.SVG_WIDTH)).isEqualTo("40.0");
        assertThat(green.getRGB(39, 0)).isEqualTo(0xff00ff00);
        assertThat(blue.getRGB(39, 0)).isEqualTo(0xff0000ff);
    }

    @Test
    void substitutedTextIsDrawn() {
        String template = "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='40'>"
                + "<text x='0' y='30' font-family='DejaVu Sans' font-size='30' fill='#000'>$t$</text></svg>";
        byte[] svg = template.getBytes(StandardCharsets.UTF_8);

        BufferedImage empty = SvgRasterFrames.image(render(svg, Map.of("t", ""), 200, 40));
        BufferedImage text = SvgRasterFrames.image(render(svg, Map.of("t", "WWWWWW"), 200, 40));

        assertThat(opaquePixels(empty)).isZero();
        assertThat(opaquePixels(text)).isGreaterThan(500);
    }

    @Test
    void aRasterOverTheSvgPixelLimitIsRefusedBeforeDrawing() throws IOException {
        Frame answer = render(resource("corpus/icon-home.svg"), Map.of(), 2001, 2000);

        assertThat(answer.type()).isEqualTo(FrameType.ERROR);
        assertThat(answer.header("status")).isEqualTo("403");
        assertThat(answer.header("message")).contains("IS::SvgMAxRenderRgnPixels", "2001 x 2000");
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() {
        byte[] big = ("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'><!--" + "x".repeat(70_000)
                + "--></svg>").getBytes(StandardCharsets.UTF_8);

        Frame answer = render(big, Map.of(), 1, 1);

        assertThat(answer.header("status")).isEqualTo("403");
        assertThat(answer.header("message")).contains("PS::svgProvider.SVGFileSizeLimit", "64 KB");
    }

    @Test
    void notAnSvgIsAClearError() {
        Frame answer = render("<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), Map.of(), 10, 10);

        assertThat(answer.header("status")).isEqualTo("403");
        assertThat(answer.header("message")).startsWith("invalid SVG");
    }

    @ParameterizedTest
    @ValueSource(strings = {"billion-laughs.svg", "xxe-file.svg", "deep-nesting.svg"})
    void hostileXmlEndsInAnErrorAndNothingIsRead(String file) throws IOException {
        Frame answer = render(resource("hostile/" + file), Map.of(), 100, 100);

        assertThat(answer.type()).isEqualTo(FrameType.ERROR);
        assertThat(answer.header("status")).isEqualTo("403");
        assertThat(answer.header("message")).doesNotContain("root:").doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"external-dtd.svg", "external-image.svg", "external-use.svg", "file-image.svg",
            "css-import.svg", "feimage.svg", "script.svg"})
    void externalReferencesReachNothing(String file) throws IOException {
        Frame answer = render(resource("hostile/" + file), Map.of(), 10, 10);

        assertThat(tripwire.hits()).as("requests that reached the listener").isEmpty();
        if (answer.type() == FrameType.IMAGE) {
            // what is not refused outright is ignored: script.svg draws its green square and runs nothing
            assertThat(file).isIn("script.svg", "css-import.svg", "feimage.svg", "external-dtd.svg");
        } else {
            assertThat(answer.header("status")).isEqualTo("403");
        }
    }

    @Test
    void anImageOfAnotherHostIsRefusedWithItsName() throws IOException {
        Frame answer = render(resource("hostile/external-image.svg"), Map.of(), 10, 10);

        assertThat(answer.header("message")).contains("self-contained", "/image.png");
    }

    static long opaquePixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >>> 24) > 128) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void aUseBombIsRefusedWhileParsingBeforeAnythingIsDrawn() throws IOException {
        int before = exits.get();

        Frame answer = render(resource("hostile/use-bomb.svg"), Map.of(), 1000, 1000);

        assertThat(answer.header("status")).isEqualTo("403");
        assertThat(answer.header("message")).contains("more than 500000 elements", "<use>");
        assertThat(exits.get()).isEqualTo(before);
    }

    /** Patterns nested ten deep, each tile filled ten times with the pattern below: 10^10 tiles if drawn. */
    static String patternBomb() {
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='400' height='400'><defs>"
                + "<pattern id='p0' width='1' height='1' patternUnits='userSpaceOnUse'><rect width='1' height='1'/>"
                + "</pattern>");
        for (int i = 1; i <= 10; i++) {
            svg.append("<pattern id='p").append(i).append("' width='10' height='10' patternUnits='userSpaceOnUse'>");
            for (int j = 0; j < 10; j++) {
                svg.append("<rect x='").append(j).append("' width='1' height='10' ")
                        .append(j % 2 == 0 ? "fill='url(#p" + (i - 1) + ")'" : "style='fill: url(\"#p" + (i - 1) + "\")'")
                        .append("/>");
            }
            svg.append("</pattern>");
        }
        return svg.append("</defs><rect width='400' height='400' fill='url(#p10)'/></svg>").toString();
    }

    @Test
    void aPatternBombIsRefusedWhileParsingBeforeAnythingIsDrawn() {
        int before = exits.get();
        long started = System.nanoTime();

        Frame answer = render(patternBomb().getBytes(StandardCharsets.UTF_8), Map.of(), 400, 400);

        assertThat(answer.header("status")).isEqualTo("403");
        assertThat(answer.header("message")).contains("more than 500000 elements", "url(#...)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(exits.get()).as("no runaway render, no restart").isEqualTo(before);
    }

    @Test
    void manyShapesSharingOneGradientStillRender() {
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'><defs>"
                + "<linearGradient id='g'><stop offset='0' stop-color='#f00'/><stop offset='1' stop-color='#00f'/>"
                + "</linearGradient><linearGradient id='h' href='#g' x2='0.5'/></defs>");
        for (int i = 0; i < 600; i++) {
            svg.append("<rect x='").append(i % 100).append("' y='").append(i / 100).append("' width='1' height='1' fill='url(#")
                    .append(i % 2 == 0 ? "g" : "h").append(")'/>");
        }
        svg.append("</svg>");

        Frame answer = render(svg.toString().getBytes(StandardCharsets.UTF_8), Map.of(), 100, 100);

        assertThat(answer.type()).as(answer.header("message")).isEqualTo(FrameType.IMAGE);
    }

    @Test
    void aSlowFilterChainEndsInAnErrorAtTheTimeLimitAndTheRunawayRenderRestartsTheServer() throws IOException {
        // a deadline far below the chain's drawing time (seconds on any machine), so the render is surely still
        // running when the grace period ends: with the class's 3 s limit a fast machine finished it within the grace
        AtomicInteger runawayExits = new AtomicInteger();
        SvgRenderHandler impatient = new SvgRenderHandler(new SvgRasterizer(tripwire.port(), MAX_PIXELS, TIMEOUT),
                64 * 1024, MAX_PIXELS, Duration.ofMillis(300), Duration.ofMillis(200), 1, runawayExits::incrementAndGet);

        Frame answer = impatient.handle(SvgRasterFrames.request(
                resource("hostile/filter-chain.svg"), Map.of(), OptionalInt.of(1000), OptionalInt.of(1000)));

        assertThat(answer.type()).isEqualTo(FrameType.ERROR);
        assertThat(answer.header("status")).isEqualTo("403");
        assertThat(answer.header("message")).contains("SVG::SVGRender.timeout", "300 ms");
        // the drawing thread cannot be stopped: the handler asks for the process to end (the supervisor restarts it)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (runawayExits.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(runawayExits.get()).isEqualTo(1);
    }

    @Test
    void aSpriteSheetOfManyUsesStillRenders() {
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>"
                + "<defs><g id='dot'><circle r='1' fill='#f00'/></g></defs>");
        for (int i = 0; i < 2000; i++) {
            svg.append("<use href='#dot' x='").append(i % 100).append("' y='").append(i / 100 * 5).append("'/>");
        }
        svg.append("</svg>");

        Frame answer = render(svg.toString().getBytes(StandardCharsets.UTF_8), Map.of(), 100, 100);

        assertThat(answer.type()).isEqualTo(FrameType.IMAGE);
    }

    @Test
    void aHugeFilterIsClippedToTheCanvasAndRendersInBoundedTime() throws IOException {
        Frame answer = render(resource("hostile/huge-filter.svg"), Map.of(), 1000, 1000);

        if (answer.type() == FrameType.IMAGE) {
            assertThat(SvgRasterFrames.image(answer).getWidth()).isEqualTo(1000);
        } else {
            assertThat(answer.header("message")).contains("SVG::SVGRender.timeout");
        }
    }

    @Test
    void inlineRasterImagesAreDrawnButInlineSvgIsRefused() throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        BufferedImage red = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < 4; i++) {
            red.setRGB(i % 2, i / 2, 0xffff0000);
        }
        javax.imageio.ImageIO.write(red, "png", png);
        String data = java.util.Base64.getEncoder().encodeToString(png.toByteArray());
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'>"
                + "<image width='20' height='20' href='data:image/png;base64," + data + "'/></svg>";
        String nested = "<svg xmlns='http://www.w3.org/2000/svg' width='20' height='20'>"
                + "<image width='20' height='20' href='data:image/svg+xml;base64,"
                + java.util.Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)) + "'/></svg>";

        BufferedImage drawn = SvgRasterFrames.image(render(svg.getBytes(StandardCharsets.UTF_8), Map.of(), 20, 20));
        Frame refused = render(nested.getBytes(StandardCharsets.UTF_8), Map.of(), 20, 20);

        assertThat(drawn.getRGB(10, 10)).isEqualTo(0xffff0000);
        assertThat(refused.header("status")).isEqualTo("403");
        assertThat(refused.header("message")).contains("data:image/svg+xml");
        assertThat(tripwire.hits()).isEmpty();
    }

    @Test
    void theUsualSvg11DoctypeIsAcceptedWithoutFetchingTheDtd() {
        String svg = "<?xml version='1.0' encoding='UTF-8' standalone='no'?>\n"
                + "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'http://127.0.0.1:" + tripwire.port() + "/svg11.dtd'>\n"
                + "<svg xmlns='http://www.w3.org/2000/svg' version='1.1' width='10' height='10'>"
                + "<rect width='10' height='10' fill='#0000ff'/></svg>";

        BufferedImage image = SvgRasterFrames.image(render(svg.getBytes(StandardCharsets.UTF_8), Map.of(), 10, 10));

        assertThat(image.getRGB(5, 5)).isEqualTo(0xff0000ff);
        assertThat(tripwire.hits()).isEmpty();
    }

    @Test
    void aVariableValueCannotInjectMarkup() {
        String injection = "red'/><image href='http://127.0.0.1:" + tripwire.port() + "/injected.png' width='9' height='9";
        byte[] svg = ("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
                + "<rect width='10' height='10' fill='$c$'/><text y='9'>$c$</text></svg>").getBytes(StandardCharsets.UTF_8);

        Frame answer = render(svg, Map.of("c", injection), 10, 10);

        assertThat(answer.type()).isEqualTo(FrameType.IMAGE);
        assertThat(tripwire.hits()).isEmpty();
    }

    @Test
    void aMeasureOfOtherVariablesIsNeverTakenForTheRender() {
        byte[] svg = ("<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
                + "<rect width='10' height='10' fill='$a$'/></svg>").getBytes(StandardCharsets.UTF_8);
        // printed as a map, the one variable a="#ff0000, b=x" and the two a="#ff0000", b="x" read the same
        client.exchange(SvgRasterFrames.request(svg, Map.of("a", "#ff0000, b=x"), OptionalInt.empty(),
                OptionalInt.empty()));

        BufferedImage image = SvgRasterFrames.image(render(svg, Map.of("a", "#ff0000", "b", "x"), 10, 10));

        assertThat(image.getRGB(5, 5)).isEqualTo(0xffff0000);
    }
}
