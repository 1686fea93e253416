package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.dist.TestInstallation.await;
import static org.imageserving.dist.TestInstallation.text;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.imageserving.dist.TestInstallation.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SVG sources through HTTP against the running system: ps → is → svg (and svg → ps for embedded images). Renderings
 * are compared with librsvg's (an independent renderer) at the same pixel size.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SvgIT {
    /**
     * Largest accepted mean difference per channel (0..255, composited on white) from librsvg. JSVG and librsvg
     * antialias edges differently and blend group opacity slightly differently; the corpus measures 0.02 to 2.53 at
     * 400 px. A missing shape or a wrong colour is far above, and so is a blurry upscale (librsvg's own 24 px
     * rendering of icon-home.svg scaled bicubically to 1200 px differs from its 1200 px rendering by 16.3).
     */
    static final double TOLERANCE = 4.0;
    static final Path SOURCES = TestInstallation.CHECKOUT.resolve("svg-server/src/test/resources");

    @TempDir
    static Path folder;
    static TestInstallation system;
    static Tripwire tripwire;

    @BeforeAll
    static void start() throws Exception {
        ReferenceRenderer.ensureInstalled();
        tripwire = new Tripwire();
        system = TestInstallation.create(folder);
        system.showErrorDetails();
        system.edit("svg.conf", Map.of("SVGRender.timeout=10000", "SVGRender.timeout=3000"));
        // One render thread: an SVG with embedded images must not starve the renders of its own embedded images.
        system.edit("ImageServerRegistry.xml", Map.of("<WorkerThreads>0</WorkerThreads>", "<WorkerThreads>1</WorkerThreads>"));
        copy(SOURCES.resolve("corpus"), system.root.resolve("images/svg"));
        copy(SOURCES.resolve("hostile"), system.root.resolve("images/hostile"));
        // PS::svgProvider.fontRoot is ./images: a font whose family exists nowhere else on the machine
        Path fonts = Files.createDirectories(system.root.resolve("images/fonts"));
        Files.write(fonts.resolve("fontroot-mono.ttf"), renamedFamily(
                Files.readAllBytes(Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")),
                "DejaVu Sans Mono", "FontRootMonoTest"));
        system.start();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (system != null) {
                system.close();
            }
        } finally {
            if (tripwire != null) {
                tripwire.close();
            }
        }
    }

    /** Copies test SVGs, pointing every external reference of the hostile ones at the tripwire. */
    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                String svg = Files.readString(file).replace("@PORT@", Integer.toString(tripwire.port()));
                Files.writeString(to.resolve(file.getFileName()), svg);
            }
        }
    }

    static List<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES.resolve("corpus"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static BufferedImage png(HttpResponse<byte[]> response) throws IOException {
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertThat(image).as("decodable image").isNotNull();
        return image;
    }

    @ParameterizedTest
    @Order(1)
    @MethodSource("corpus")
    void everyCorpusFileLooksLikeLibrsvgsRendering(String file) throws IOException {
        HttpResponse<byte[]> response = system.get("/is/image/svg/" + file + "?wid=400&fmt=png");

        BufferedImage ours = png(response);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(ours.getWidth()).isEqualTo(400);
        BufferedImage reference = ReferenceRenderer.render(system.root.resolve("images/svg/" + file), 400, ours.getHeight());
        double difference = ReferenceRenderer.meanDifference(ours, reference);
        System.out.printf("%s at 400 x %d: mean difference from librsvg %.2f%n", file, ours.getHeight(), difference);
        assertThat(difference).as("mean difference from librsvg").isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    @Order(2)
    void drawnAtTheNeededResolutionNotScaledUpFromTheDeclaredSize() throws IOException {
        // declared 24 x 24: scaling that up 50 times would blur every stroke far beyond the tolerance
        BufferedImage ours = png(system.get("/is/image/svg/icon-home.svg?wid=1200&fmt=png"));

        assertThat(ours.getWidth()).isEqualTo(1200);
        assertThat(ours.getHeight()).isEqualTo(1200);
        BufferedImage reference = ReferenceRenderer.render(system.root.resolve("images/svg/icon-home.svg"), 1200, 1200);
        assertThat(ReferenceRenderer.meanDifference(ours, reference)).isLessThanOrEqualTo(1.0);
    }

    @Test
    @Order(3)
    void withoutASizeTheDeclaredSizeIsServedAndTierOneCommandsApply() throws IOException {
        BufferedImage sample = png(system.get("/is/image/samples/logo.svg?wid=800&fmt=png"));
        assertThat(sample.getWidth()).isEqualTo(800);
        assertThat(sample.getHeight()).isEqualTo(300);

        BufferedImage declared = png(system.get("/is/image/svg/logo-gradient.svg?fmt=png"));
        assertThat(declared.getWidth()).isEqualTo(320);
        assertThat(declared.getHeight()).isEqualTo(120);

        HttpResponse<byte[]> jpeg = system.get("/is/image/svg/logo-gradient.svg?hei=60&fmt=jpeg&qlt=90");
        assertThat(jpeg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        BufferedImage small = png(jpeg);
        assertThat(small.getWidth()).isEqualTo(160);
        assertThat(small.getHeight()).isEqualTo(60);

        // wid and hei together are the view: the logo fits inside it, on the background
        BufferedImage boxed = png(system.get("/is/image/svg/logo-gradient.svg?wid=100&hei=100&fmt=png"));
        assertThat(boxed.getWidth()).isEqualTo(100);
        assertThat(boxed.getHeight()).isEqualTo(100);

        // JPEG has no alpha: the transparent corner of the rounded logo comes out white
        BufferedImage defaultFormat = png(system.get("/is/image/svg/logo-gradient.svg?wid=320"));
        assertThat(defaultFormat.getRGB(0, 0) & 0xffffff).isGreaterThan(0xf0f0f0);
    }

    @Test
    @Order(4)
    void substitutionVariablesReachAttributesAndText() throws IOException {
        Files.writeString(system.root.resolve("images/svg/variables.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='50'>"
                        + "<rect width='200' height='50' fill='$bg$'/>"
                        + "<text x='4' y='40' font-family='DejaVu Sans' font-size='40' fill='#ffffff'>$label$</text></svg>");

        BufferedImage green = png(system.get("/is/image/svg/variables.svg?$bg=%2300aa00&$label=&fmt=png"));
        BufferedImage blue = png(system.get("/is/image/svg/variables.svg?$BG=%230000ff&$label=&fmt=png"));
        BufferedImage text = png(system.get("/is/image/svg/variables.svg?$bg=%230000ff&$label=WWWW&fmt=png"));

        assertThat(green.getRGB(100, 25)).isEqualTo(0xff00aa00);
        assertThat(blue.getRGB(100, 25)).isEqualTo(0xff0000ff);
        assertThat(whitePixels(blue)).isZero();
        assertThat(whitePixels(text)).as("white text drawn from $label$").isGreaterThan(300);
    }

    @Test
    @Order(4)
    void textUsesTheFontsUnderTheFontRoot() throws IOException {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' width='400' height='40'><text x='0' y='30' "
                + "font-size='30' font-family='%s'>iiiiiiiiii</text></svg>";
        Files.writeString(system.root.resolve("images/svg/font-root.svg"), String.format(svg, "FontRootMonoTest"));
        Files.writeString(system.root.resolve("images/svg/font-missing.svg"), String.format(svg, "NoSuchFamily"));

        int fromFontRoot = inkWidth(png(system.get("/is/image/svg/font-root.svg?fmt=png")));
        int fallback = inkWidth(png(system.get("/is/image/svg/font-missing.svg?fmt=png")));

        // ten 'i' of the monospaced font under the font root span ten cells of 0.6 em; the fallback's are narrow
        assertThat(fromFontRoot).isGreaterThan(150);
        assertThat(fallback).isLessThan(fromFontRoot * 2 / 3);
    }

    @Test
    @Order(5)
    void embeddedImageServingRequestsAreFetchedFromThePlatformServer() throws IOException {
        String request = "/is/image/samples/landscape.jpg?wid=150&hei=100&fmt=png";
        Files.writeString(system.root.resolve("images/svg/embedded.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='300' height='100'>"
                        + "<image x='0' y='0' width='150' height='100' href='" + request.replace("&", "&amp;") + "'/>"
                        // a full URL of any host: the host is dropped and ps is asked
                        + "<image x='150' y='0' width='150' height='100' xlink:href='http://cdn.example.invalid"
                        + request.replace("&", "&amp;") + "'/></svg>");
        BufferedImage direct = png(system.get(request));
        // the access log is written asynchronously: wait for the direct request's line before counting
        await("the direct request is logged", Duration.ofSeconds(10), () -> accessLogLines("landscape.jpg?wid=150") >= 1);
        long fetchesBefore = accessLogLines("landscape.jpg?wid=150");

        BufferedImage ours = png(system.get("/is/image/svg/embedded.svg?fmt=png"));

        assertThat(ours.getWidth()).isEqualTo(300);
        BufferedImage left = ours.getSubimage(0, 0, 150, 100);
        BufferedImage right = ours.getSubimage(150, 0, 150, 100);
        assertThat(ReferenceRenderer.meanDifference(left, direct)).isLessThanOrEqualTo(3.0);
        assertThat(ReferenceRenderer.meanDifference(right, direct)).isLessThanOrEqualTo(3.0);
        assertThat(tripwire.hits()).isEmpty();
        // measured, then rendered from the same parse: each embedded image is fetched once, not twice
        await("the access log shows the embedded fetches", Duration.ofSeconds(10),
                () -> accessLogLines("landscape.jpg?wid=150") >= fetchesBefore + 2);
        assertThat(accessLogLines("landscape.jpg?wid=150")).isEqualTo(fetchesBefore + 2);
    }

    @Test
    @Order(6)
    void concurrentSvgsWithEmbeddedImagesAllCompleteWithOneWorkerThread() throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<HttpResponse<byte[]>>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                // distinct requests (a variable the file does not use), so no two are the same render
                replies.add(clients.submit(() -> system.get("/is/image/svg/embedded.svg?fmt=png&$n=" + n)));
            }
            for (java.util.concurrent.Future<HttpResponse<byte[]>> reply : replies) {
                assertThat(png(reply.get()).getWidth()).isEqualTo(300);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(5)
    void aMissingEmbeddedImageFailsTheRenderInsteadOfDrawingAPlaceholder() throws IOException {
        Files.writeString(system.root.resolve("images/svg/embeds-missing.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>"
                        + "<image width='100' height='100' href='/is/image/samples/missing.jpg?wid=100'/></svg>");

        HttpResponse<byte[]> response = system.get("/is/image/svg/embeds-missing.svg?fmt=png");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(text(response)).contains("/is/image/samples/missing.jpg", "status 403");
    }

    @ParameterizedTest
    @Order(6)
    @ValueSource(strings = {"billion-laughs.svg", "xxe-file.svg", "deep-nesting.svg", "external-dtd.svg",
            "external-image.svg", "external-use.svg", "file-image.svg", "css-import.svg", "feimage.svg", "script.svg",
            "huge-filter.svg", "use-bomb.svg"})
    void hostileSvgsReachNoListenerReadNoFileAndLeaveTheServerUp(String file) throws IOException {
        HttpResponse<byte[]> response = system.get("/is/image/hostile/" + file + "?wid=100&fmt=png");

        assertThat(tripwire.hits()).as("requests that reached the listener on 127.0.0.1").isEmpty();
        assertThat(text(response)).doesNotContain("root:x:0");
        if (response.statusCode() != 200) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(text(response)).startsWith("#S7Z ERROR");
        }
        assertThat(system.get("/is/image/svg/icon-home.svg?wid=20&fmt=png").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void refusedReferencesAreNamedInTheError() {
        HttpResponse<byte[]> response = system.get("/is/image/hostile/external-image.svg?wid=10");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(text(response)).contains("self-contained", "/image.png");
    }

    @Test
    @Order(8)
    void fileSizeAndPixelLimitsAnswerWithTheSettingsName() throws IOException {
        Files.writeString(system.root.resolve("images/svg/big.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><!--" + "x".repeat(1100 * 1024)
                        + "--></svg>", StandardCharsets.UTF_8);

        Files.writeString(system.root.resolve("images/svg/giant.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg' width='400000000' height='400000000' viewBox='0 0 10 10'>"
                        + "<rect width='10' height='10' fill='#123456'/></svg>");

        // Drawn at the reply's scale, a huge declared size costs nothing: without a size attribute::DefaultPix applies.
        BufferedImage giantAsDeclared = png(system.get("/is/image/svg/giant.svg?fmt=png"));
        BufferedImage giantAt100 = png(system.get("/is/image/svg/giant.svg?wid=100&fmt=png"));
        // crop= is measured in source pixels, so the SVG would have to be drawn at its declared size
        HttpResponse<byte[]> giantCropped = system.get("/is/image/svg/giant.svg?crop=0,0,100,100&wid=100&fmt=png");
        HttpResponse<byte[]> big = system.get("/is/image/svg/big.svg");
        HttpResponse<byte[]> overMaxPix = system.get("/is/image/svg/icon-home.svg?wid=2100");

        assertThat(giantAsDeclared.getWidth()).isEqualTo(400);
        assertThat(giantAt100.getWidth()).isEqualTo(100);
        assertThat(giantAt100.getRGB(50, 50)).isEqualTo(0xff123456);
        assertThat(giantCropped.statusCode()).isEqualTo(403);
        assertThat(text(giantCropped)).contains("IS::SvgMAxRenderRgnPixels", "400000000 x 400000000");
        assertThat(big.statusCode()).isEqualTo(403);
        assertThat(text(big)).contains("PS::svgProvider.SVGFileSizeLimit");
        assertThat(overMaxPix.statusCode()).isEqualTo(403);
        assertThat(text(overMaxPix)).contains("MaxPix");
    }

    @Test
    @Order(9)
    void aRenderBombEndsInAnErrorAndTheSupervisorBringsTheSvgServerBack() {
        long svgBefore = system.script("status", "svg").pid("svg");

        // 300 blurs and dilations over 4 megapixels: about a minute of drawing, stopped at the 3 s limit
        HttpResponse<byte[]> bomb = system.get("/is/image/hostile/filter-chain.svg?wid=2000&fmt=png");

        assertThat(bomb.statusCode()).isEqualTo(403);
        assertThat(text(bomb)).contains("SVG::SVGRender.timeout");
        await("the SVG server restarted with a new pid", Duration.ofSeconds(60), () -> {
            Run status = system.script("status", "svg");
            return status.exitCode() == 0 && status.pid("svg") > 0 && status.pid("svg") != svgBefore;
        });
        // the Platform Server never hung: it answers raster requests throughout, and SVG again once svg is back
        assertThat(system.get("/is/image/samples/tower.jpg?wid=50").statusCode()).isEqualTo(200);
        await("SVG renders again", Duration.ofSeconds(30),
                () -> system.get("/is/image/svg/icon-home.svg?wid=20&fmt=png").statusCode() == 200);
        assertThat(system.logs()).contains("restarting the SVG server");
    }

    /** Renames a font family in the font's name table (ASCII and UTF-16 records; names of equal length). */
    static byte[] renamedFamily(byte[] font, String from, String to) {
        assertThat(to).hasSameSizeAs(from);
        replaceAll(font, from.getBytes(StandardCharsets.US_ASCII), to.getBytes(StandardCharsets.US_ASCII));
        replaceAll(font, from.getBytes(StandardCharsets.UTF_16BE), to.getBytes(StandardCharsets.UTF_16BE));
        return font;
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        outer:
        for (int i = 0; i + from.length <= bytes.length; i++) {
            for (int j = 0; j < from.length; j++) {
                if (bytes[i + j] != from[j]) {
                    continue outer;
                }
            }
            System.arraycopy(to, 0, bytes, i, to.length);
        }
    }

    /** Distance between the leftmost and the rightmost column with dark ink on the JPEG/PNG reply. */
    private static int inkWidth(BufferedImage image) {
        int left = Integer.MAX_VALUE;
        int right = -1;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) >>> 24) > 128 && (image.getRGB(x, y) & 0xff) < 128) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return right < 0 ? 0 : right - left;
    }

    private static long accessLogLines(String containing) {
        try (Stream<Path> files = Files.list(system.root.resolve("logs"))) {
            long n = 0;
            for (Path log : files.filter(f -> f.getFileName().toString().startsWith("access-")).toList()) {
                n += Files.readAllLines(log).stream().filter(line -> line.contains(containing)).count();
            }
            return n;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long whitePixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == 0xffffff) {
                    n++;
                }
            }
        }
        return n;
    }
}
