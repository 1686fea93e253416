package org.imageserving.is.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.jpeg.ShrinkOnLoadJpeg;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.PyramidTiffSource;
import org.imageserving.is.render.RenderException;
import org.imageserving.tools.ic.ConversionSettings;
import org.imageserving.tools.ic.PyramidConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which decoder takes which file, what it opens, and the errors of the files none serves. */
class SourceDecodersTest {
    private static final long MAX_SOURCE_PIXELS = 50_000_000L;
    private static final SourceDecoders DECODERS = SourceDecoders.standard(MAX_SOURCE_PIXELS, null);

    @TempDir
    static Path folder;
    static Path jpeg;
    static Path png;
    static Path plainTiff;
    static Path pyramid;
    static Path webp;

    @BeforeAll
    static void writeSources() throws Exception {
        BufferedImage image = picture(640, 480);
        jpeg = write(image, "jpg", "photo.jpg");
        png = write(image, "png", "photo.png");
        plainTiff = write(image, "tif", "plain.tif");
        webp = write(image, "webp", "photo.webp");
        pyramid = folder.resolve("pyramid.tif");
        new PyramidConverter(ConversionSettings.defaults()).convert(png, pyramid, line -> {});
    }

    private static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static Path write(BufferedImage image, String format, String name) throws IOException {
        Path file = folder.resolve(name);
        assertThat(ImageIO.write(image, format, file.toFile())).as("writer for " + format).isTrue();
        return file;
    }

    private static SourceFile underRoots(Path file) {
        return new SourceFile(file, RenderRequest.of(file.getFileName().toString(), Map.of()), true);
    }

    private static PixelSource pixels(OpenSource source) {
        return ((OpenSource.Raster) source).pixels();
    }

    @Test
    void theOrderIsMostSpecificFirstWithImageIoLast() {
        assertThat(DECODERS.decoders()).extracting(d -> d instanceof FastPathDecoder fast ? fast.name()
                : d.getClass().getSimpleName()).containsExactly(
                "SvgSourceDecoder", "PyramidTiffDecoder", "jpeg", "webp", "strip tiff", "png", "gif",
                "ImageIoDecoder");
    }

    @Test
    void aJpegIsDecodedNativelyWithShrinkOnLoad() {
        try (OpenSource source = DECODERS.open(underRoots(jpeg))) {
            assertThat(pixels(source)).isInstanceOf(ShrinkOnLoadJpeg.class);
            assertThat(pixels(source).subsampling(16)).isEqualTo(8);
            assertThat(source.width()).isEqualTo(640);
            assertThat(((OpenSource.Raster) source).hasAlpha()).isFalse();
        }
    }

    @Test
    void aWebpIsScaledByLibwebpAndOtherRiffFilesAreRefusedAsBefore() throws IOException {
        try (OpenSource source = DECODERS.open(underRoots(webp))) {
            assertThat(pixels(source)).isInstanceOf(org.imageserving.is.webp.ScaledWebp.class);
            assertThat(pixels(source).subsampling(16)).isEqualTo(8);
            assertThat(source.width()).isEqualTo(640);
        }
        Path wave = Files.write(folder.resolve("sound.wav"), "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> DECODERS.open(underRoots(wave))).isInstanceOf(RenderException.class)
                .hasMessageContaining("sound.wav");
    }

    @Test
    void aPyramidTiffIsReadByLevel() {
        try (OpenSource source = DECODERS.open(underRoots(pyramid))) {
            assertThat(pixels(source)).isInstanceOf(PyramidTiffSource.class);
            assertThat(source.height()).isEqualTo(480);
        }
    }

    @Test
    void aTiffThatIsNotAPyramidFallsThroughToImageIo() {
        assertThat(new PyramidTiffDecoder().accepts(underRoots(plainTiff))).isTrue();
        try (OpenSource source = DECODERS.open(underRoots(plainTiff))) {
            assertThat(pixels(source)).isNotInstanceOf(PyramidTiffSource.class);
            assertThat(pixels(source).read(new Rectangle(0, 0, 640, 480), 1).getWidth()).isEqualTo(640);
        }
    }

    @Test
    void onlyAPyramidIsExemptFromTheSourceSizeLimit() {
        SourceDecoders small = SourceDecoders.standard(100_000L, null);
        try (OpenSource source = small.open(underRoots(pyramid))) {
            assertThat(source.width()).isEqualTo(640);
        }
        for (Path file : List.of(plainTiff, jpeg, png)) {
            assertThatThrownBy(() -> small.open(underRoots(file))).as(file.toString())
                    .isInstanceOf(RenderException.class).hasMessageContaining("IS::MaxNonDsfSize");
        }
    }

    @Test
    void otherRasterFormatsGoThroughImageIo() {
        assertThat(new FastPathDecoder("jpeg", SourceFormat.JPEG, ShrinkOnLoadJpeg::of, MAX_SOURCE_PIXELS)
                .accepts(underRoots(png))).isFalse();
        assertThat(new PyramidTiffDecoder().accepts(underRoots(png))).isFalse();
        try (OpenSource source = DECODERS.open(underRoots(png))) {
            assertThat(pixels(source)).isNotInstanceOf(ShrinkOnLoadJpeg.class);
            assertThat(source.width()).isEqualTo(640);
        }
    }

    @Test
    void svgIsRecognisedByNameOrByContent() throws IOException {
        Path named = Files.writeString(folder.resolve("logo.svg"), "<svg/>");
        Path unnamed = Files.writeString(folder.resolve("logo"), "  <?xml version=\"1.0\"?><svg/>");
        SvgSourceDecoder svg = new SvgSourceDecoder(null);
        assertThat(svg.accepts(underRoots(named))).isTrue();
        assertThat(svg.accepts(underRoots(unnamed))).isTrue();
        assertThat(svg.accepts(underRoots(png))).isFalse();
    }

    @Test
    void anSvgSentWithTheRequestIsRefused() throws IOException {
        Path named = Files.writeString(folder.resolve("sent.svg"), "<svg/>");
        SourceFile sent = new SourceFile(named, RenderRequest.of("x", Map.of()), false);
        assertThatThrownBy(() -> DECODERS.open(sent)).isInstanceOf(RenderException.class)
                .hasMessage("an SVG document cannot be a nested or foreign source");
    }

    @Test
    void epsIsRefusedSayingWhy() throws IOException {
        Path eps = Files.write(folder.resolve("art.eps"), "%!PS-Adobe-3.0 EPSF-3.0\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> DECODERS.open(underRoots(eps))).isInstanceOf(RenderException.class)
                .hasMessageContaining("EPS source art.eps is not supported");
    }

    @Test
    void unknownBytesAreAnUnsupportedFormat() throws IOException {
        Path junk = Files.write(folder.resolve("junk.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertThatThrownBy(() -> DECODERS.open(underRoots(junk))).isInstanceOf(RenderException.class)
                .hasMessageContaining("unsupported or corrupt image format: junk.bin");
        assertThatThrownBy(() -> new SourceDecoders(List.of()).open(underRoots(png)))
                .isInstanceOf(RenderException.class).hasMessageContaining("unsupported or corrupt image format");
    }

    @Test
    void aDecoderAddedFirstIsAskedFirstAndOneThatDeclinesPassesTheFileOn() {
        AtomicBoolean asked = new AtomicBoolean();
        SourceDecoder declining = new SourceDecoder() {
            @Override
            public boolean accepts(SourceFile file) {
                return true;
            }

            @Override
            public Optional<OpenSource> open(SourceFile file) {
                asked.set(true);
                return Optional.empty();
            }
        };
        BufferedImage drawn = picture(10, 10);
        SourceDecoder drawing = new SourceDecoder() {
            @Override
            public boolean accepts(SourceFile file) {
                return file.format() == SourceFormat.PNG;
            }

            @Override
            public Optional<OpenSource> open(SourceFile file) {
                return Optional.of(new OpenSource.Vector(10, 10, (w, h) -> drawn));
            }
        };
        SourceDecoders decoders = new SourceDecoders(List.of(declining, drawing, new ImageIoDecoder(MAX_SOURCE_PIXELS)));
        try (OpenSource source = decoders.open(underRoots(png))) {
            assertThat(asked).isTrue();
            assertThat(((OpenSource.Vector) source).draw(10, 10)).isSameAs(drawn);
        }
        try (OpenSource source = decoders.open(underRoots(jpeg))) {
            assertThat(source).isInstanceOf(OpenSource.Raster.class);
        }
    }

    @Test
    void aMissingFileIsUnreadable() {
        SourceFile missing = underRoots(folder.resolve("gone.jpg"));
        assertThatThrownBy(missing::format).isInstanceOf(RenderException.class)
                .hasMessageContaining("corrupt or unreadable image gone.jpg");
    }
}
