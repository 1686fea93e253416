package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.source.SourceResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every source variant of the corpus decodes, converts to sRGB, and renders with the right size and colour. */
class SourceCorpusTest {
    @TempDir
    static Path folder;
    static List<SourceCorpus.Entry> corpus;
    static Renderer renderer;

    @BeforeAll
    static void corpus() {
        corpus = SourceCorpus.write(folder);
        renderer = new Renderer(new SourceResolver(List.of(folder)), 50_000_000L, 16_000_000L, 16L << 20, Encoders.standard(),
                null, Clock.systemUTC()); // no SVG sources here
    }

    static Stream<SourceCorpus.Entry> entries() {
        return SourceCorpus.write(folder).stream();
    }

    static BufferedImage render(String file, String fmt) {
        return Patterns.decode(renderer.render(RenderRequest.of(file, Map.of("fmt", fmt))).bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void rendersWithTheExpectedSizeAndColour(SourceCorpus.Entry entry) {
        BufferedImage out = render(entry.file(), "png-alpha");
        assertThat(out.getWidth()).as(entry.note()).isEqualTo(entry.width());
        assertThat(out.getHeight()).as(entry.note()).isEqualTo(entry.height());
        int p = out.getRGB(entry.width() / 4, entry.height() / 4);
        assertThat(p >>> 24).as(entry.note()).isEqualTo(255);
        for (int shift = 16; shift >= 0; shift -= 8) {
            assertThat((p >> shift) & 0xFF).as("%s: channel %d of %06X", entry.note(), shift, p & 0xFFFFFF)
                    .isCloseTo((entry.expectedTopLeft() >> shift) & 0xFF, Offset.offset(entry.tolerance()));
        }
    }

    @Test
    void cmykAndYcckRightHalvesAreWhite() {
        for (String file : new String[] {"cmyk-adobe.jpg", "ycck-adobe.jpg"}) {
            assertThat(render(file, "png").getRGB(28, 8) & 0xFF).as(file).isGreaterThan(230);
        }
    }

    @Test
    void transparencyOfSourcesIsKept() {
        assertThat(render("palette-trns.png", "png-alpha").getRGB(50, 10) >>> 24).isZero();
        assertThat(render("alpha.tif", "png-alpha").getRGB(10, 25) >>> 24).isBetween(0x7E, 0x82);
        assertThat(render("gray-alpha8.png", "png-alpha").getRGB(10, 25) >>> 24).isZero();
        assertThat(render("gray-alpha16.png", "png-alpha").getRGB(10, 25) >>> 24).isZero();
        assertThat(render("palette-trns.png", "png").getRGB(50, 10) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }

    @Test
    void exifOrientationIsNotApplied() {
        // Our choice: rendered as stored. The Image Serving documentation names no EXIF handling, and catalogs
        // describe images by their stored pixel size (req=imageprops reports it).
        BufferedImage out = render("exif-orientation-6.jpg", "png");
        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(out.getRGB(8, 8) & 0xFF0000).isGreaterThan(0xE00000);
    }
}
