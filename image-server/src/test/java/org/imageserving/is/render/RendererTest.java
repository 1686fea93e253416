package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.imageserving.is.request.OutputFormat;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.source.SourceResolver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RendererTest {
    @TempDir
    Path root;
    Renderer renderer;

    @BeforeEach
    void createRenderer() {
        renderer = renderer(50_000_000L);
    }

    private Renderer renderer(long maxSourcePixels) {
        return new Renderer(new SourceResolver(List.of(root)), new ImageDecoder(maxSourcePixels), 16_000_000L);
    }

    private static RenderRequest request(String source, Integer wid, Integer hei, OutputFormat format) {
        java.util.Map<String, String> commands = new java.util.HashMap<>();
        if (wid != null) {
            commands.put("wid", wid.toString());
        }
        if (hei != null) {
            commands.put("hei", hei.toString());
        }
        commands.put("fmt", format.token());
        commands.put("qlt", "90");
        return RenderRequest.of(source, commands);
    }

    private static String formatOf(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            return reader.getFormatName().toLowerCase();
        }
    }

    private static void assertColour(BufferedImage image, int x, int y, int red, int green, int blue) {
        int rgb = image.getRGB(x, y);
        assertThat((rgb >> 16) & 0xFF).as("red at %d,%d", x, y).isCloseTo(red, within(8));
        assertThat((rgb >> 8) & 0xFF).as("green at %d,%d", x, y).isCloseTo(green, within(8));
        assertThat(rgb & 0xFF).as("blue at %d,%d", x, y).isCloseTo(blue, within(8));
    }

    private static void assertRefused403(Runnable call) {
        assertThatThrownBy(call::run)
                .isExactlyInstanceOf(RenderException.class)
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }

    @Test
    void rendersJpegAtTheRequestedWidth() throws IOException {
        Path file = TestImages.write(TestImages.redBlue(400, 200), "png", root.resolve("source.png"));
        Renderer.Rendered rendered = renderer.render(request("source.png", 100, null, OutputFormat.JPEG));
        assertThat(rendered.bytes()).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(formatOf(rendered.bytes())).isEqualTo("jpeg");
        BufferedImage image = TestImages.decode(rendered.bytes());
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(50);
        assertThat(rendered.properties())
                .containsEntry("contentType", "image/jpeg")
                .containsEntry("image.width", "100")
                .containsEntry("image.height", "50")
                .containsEntry("source.width", "400")
                .containsEntry("source.height", "200")
                .containsEntry("source.lastModified", Long.toString(Files.getLastModifiedTime(file).toMillis()));
    }

    @Test
    void rendersPngInsideTheRequestedBox() throws IOException {
        TestImages.write(TestImages.redBlue(300, 600), "jpeg", root.resolve("tall.jpg"));
        Renderer.Rendered rendered = renderer.render(request("tall.jpg", 200, 200, OutputFormat.PNG));
        assertThat(rendered.bytes()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(formatOf(rendered.bytes())).isEqualTo("png");
        BufferedImage image = TestImages.decode(rendered.bytes());
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(200);
        assertThat(rendered.properties()).containsEntry("contentType", "image/png")
                .containsEntry("image.width", "100").containsEntry("image.height", "200");
    }

    @Test
    void withoutSizeTheSourceSizeIsKept() {
        TestImages.write(TestImages.redBlue(64, 48), "png", root.resolve("small.png"));
        BufferedImage image = TestImages.decode(renderer.render(request("small.png", null, null, OutputFormat.PNG)).bytes());
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
    }

    @Test
    void halfSizeKeepsTheColoursOnEachSide() {
        TestImages.write(TestImages.redBlue(200, 100), "png", root.resolve("rb.png"));
        BufferedImage image = TestImages.decode(renderer.render(request("rb.png", 100, null, OutputFormat.PNG)).bytes());
        assertThat(image.getWidth()).isEqualTo(100);
        assertThat(image.getHeight()).isEqualTo(50);
        for (int y : new int[] {0, 25, 49}) {
            assertColour(image, 0, y, 255, 0, 0);
            assertColour(image, 20, y, 255, 0, 0);
            assertColour(image, 45, y, 255, 0, 0);
            assertColour(image, 55, y, 0, 0, 255);
            assertColour(image, 80, y, 0, 0, 255);
            assertColour(image, 99, y, 0, 0, 255);
        }
    }

    @Test
    void aPngWithAlphaStaysRgbaInPngOutput() {
        TestImages.write(TestImages.transparentGreen(100, 40), "png", root.resolve("alpha.png"));
        Renderer.Rendered rendered = renderer.render(request("alpha.png", 50, null, OutputFormat.PNG));
        BufferedImage image = TestImages.decode(rendered.bytes());
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        assertThat(image.getColorModel().getNumComponents()).isEqualTo(4);
        assertThat(image.getWidth()).isEqualTo(50);
        assertThat(image.getRGB(5, 10) >>> 24).as("alpha on the transparent side").isLessThan(8);
        assertThat(image.getRGB(45, 10) >>> 24).as("alpha on the opaque side").isGreaterThan(247);
        assertColour(image, 45, 10, 0, 255, 0);
    }

    @Test
    void aPngWithAlphaIsCompositedOnWhiteInJpegOutput() {
        TestImages.write(TestImages.transparentGreen(100, 40), "png", root.resolve("alpha.png"));
        BufferedImage image = TestImages.decode(
                renderer.render(request("alpha.png", 50, null, OutputFormat.JPEG)).bytes());
        assertThat(image.getColorModel().hasAlpha()).isFalse();
        assertColour(image, 5, 10, 255, 255, 255);
        assertColour(image, 45, 10, 0, 255, 0);
    }

    @Test
    void theFileNameDoesNotDecideTheFormat() {
        TestImages.write(TestImages.redBlue(40, 20), "png", root.resolve("really-a-png.jpg"));
        BufferedImage image = TestImages.decode(
                renderer.render(request("really-a-png.jpg", 20, null, OutputFormat.PNG)).bytes());
        assertThat(image.getWidth()).isEqualTo(20);
        assertThat(image.getHeight()).isEqualTo(10);
    }

    @Test
    void randomBytesWithAJpgNameAre403() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        garbage[0] = 'Z';
        Files.write(root.resolve("garbage.jpg"), garbage);
        assertRefused403(() -> renderer.render(request("garbage.jpg", 100, null, OutputFormat.JPEG)));
    }

    @Test
    void randomBytesAfterAJpegMarkerAre403() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = (byte) 0xFF;
        garbage[1] = (byte) 0xD8;
        Files.write(root.resolve("marker.jpg"), garbage);
        assertRefused403(() -> renderer.render(request("marker.jpg", 100, null, OutputFormat.JPEG)));
    }

    @Test
    void anEmptyFileIs403() throws IOException {
        Files.write(root.resolve("empty.jpg"), new byte[0]);
        assertRefused403(() -> renderer.render(request("empty.jpg", 100, null, OutputFormat.JPEG)));
    }

    @Test
    void aJpegCutInItsHeaderIs403() throws IOException {
        byte[] jpeg = TestImages.encode(TestImages.redBlue(200, 100), "jpeg");
        Files.write(root.resolve("cut-header.jpg"), Arrays.copyOf(jpeg, 100));
        assertRefused403(() -> renderer.render(request("cut-header.jpg", 100, null, OutputFormat.JPEG)));
    }

    @Test
    void aTruncatedJpegIs403() throws IOException {
        // The JPEG decoder itself only warns and fills the missing rows with grey.
        byte[] jpeg = TestImages.encode(TestImages.redBlue(200, 100), "jpeg");
        Files.write(root.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        assertThatThrownBy(() -> renderer.render(request("truncated.jpg", 100, null, OutputFormat.JPEG)))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("truncated.jpg")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }

    @Test
    void aJpegMissingOnlyItsEndMarkerIsStillServed() throws IOException {
        byte[] jpeg = TestImages.encode(TestImages.redBlue(200, 100), "jpeg");
        assertThat(jpeg).endsWith((byte) 0xFF, (byte) 0xD9);
        Files.write(root.resolve("no-eoi.jpg"), Arrays.copyOf(jpeg, jpeg.length - 2));
        BufferedImage image = TestImages.decode(
                renderer.render(request("no-eoi.jpg", 100, null, OutputFormat.PNG)).bytes());
        assertColour(image, 90, 45, 0, 0, 255);
    }

    @Test
    void aMissingSourceIs403() {
        assertThatThrownBy(() -> renderer.render(request("nope.jpg", 100, null, OutputFormat.JPEG)))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("nope.jpg")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }

    @Test
    void aSourceOverMaxNonDsfSizeIsRefused() {
        TestImages.write(TestImages.redBlue(20, 20), "png", root.resolve("twenty.png"));
        Renderer small = renderer(100);
        assertThatThrownBy(() -> small.render(request("twenty.png", 10, null, OutputFormat.PNG)))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("IS::MaxNonDsfSize")
                .hasMessageContaining("20 x 20")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }

    @Test
    void aHeaderClaimingAHugeImageIsRefusedWithoutDecoding() {
        // No pixel data at all: decoding would fail differently (or exhaust the heap), so only the header was read.
        TestImages.pngHeaderOnly(root.resolve("bomb.png"), 100_000, 100_000);
        assertThatThrownBy(() -> renderer.render(request("bomb.png", 100, null, OutputFormat.PNG)))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("IS::MaxNonDsfSize")
                .hasMessageContaining("100000 x 100000")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }

    @Test
    void anOutputOverMaxRenderRgnPixelsIsRefused() {
        TestImages.write(TestImages.redBlue(40, 40), "png", root.resolve("small.png"));
        assertThatThrownBy(() -> renderer.render(request("small.png", 4001, null, OutputFormat.PNG)))
                .isExactlyInstanceOf(RenderException.class)
                .hasMessageContaining("IS::MaxRenderRgnPixels")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }
}
