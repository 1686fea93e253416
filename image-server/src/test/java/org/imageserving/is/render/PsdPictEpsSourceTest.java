package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.render.Patterns.BLUE;
import static org.imageserving.is.render.Patterns.GREEN;
import static org.imageserving.is.render.Patterns.RED;
import static org.imageserving.is.render.Patterns.YELLOW;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.source.SourceResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Photoshop and PICT sources are served like the others, within IS::MaxNonDsfSize; EPS is refused with the reason. */
class PsdPictEpsSourceTest {
    @TempDir
    static Path root;
    static Renderer renderer;

    @BeforeAll
    static void sources() throws IOException {
        BufferedImage quadrants = Patterns.quadrants(200, 100);
        Files.write(root.resolve("quad.psd"), psd(quadrants, quadrants.getWidth(), quadrants.getHeight()));
        Patterns.write(quadrants, "pict", root.resolve("quad.pict"));
        // a header that claims 20000 x 20000 pixels (400 megapixels) in front of a few bytes of data
        Files.write(root.resolve("bomb.psd"), psd(quadrants, 20_000, 20_000));
        Files.writeString(root.resolve("art.eps"), "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n",
                StandardCharsets.US_ASCII);
        renderer = new Renderer(new SourceResolver(List.of(root)), 50_000_000L, 16_000_000L, 16L << 20,
                Encoders.standard(), null, Clock.systemUTC());
    }

    static BufferedImage png(String object, Map<String, String> commands) {
        return Patterns.decode(renderer.render(RenderRequest.of(object, commands)).bytes());
    }

    @Test
    void psdAndPictRenderScaledWithTheirColours() {
        for (String object : new String[] {"quad.psd", "quad.pict"}) {
            BufferedImage out = png(object, Map.of("wid", "100", "fmt", "png"));
            assertThat(out.getWidth()).as(object).isEqualTo(100);
            assertThat(out.getHeight()).as(object).isEqualTo(50);
            assertThat(out.getRGB(10, 10)).as(object).isEqualTo(RED);
            assertThat(out.getRGB(90, 10)).as(object).isEqualTo(GREEN);
            assertThat(out.getRGB(10, 40)).as(object).isEqualTo(BLUE);
            assertThat(out.getRGB(90, 40)).as(object).isEqualTo(YELLOW);
        }
    }

    @Test
    void aRegionOfAPsdIsServed() {
        BufferedImage out = png("quad.psd", Map.of("rgn", "100,0,100,50", "scl", "1", "fmt", "png"));
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getRGB(50, 25)).isEqualTo(GREEN);
    }

    @Test
    void aPsdOverMaxNonDsfSizeIsRefusedFromItsHeader() {
        assertThatThrownBy(() -> renderer.render(RenderRequest.of("bomb.psd", Map.of("wid", "100"))))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("20000 x 20000")
                .hasMessageContaining("IS::MaxNonDsfSize");
    }

    @Test
    void epsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> renderer.render(RenderRequest.of("art.eps", Map.of("wid", "100"))))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("EPS source art.eps is not supported")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
    }

    /**
     * A flattened RGB PSD written by hand from the format specification (header, no resources, no layers, raw planar
     * data), so the test does not depend on a PSD writer. A declared size larger than the image gets only its pixels.
     */
    static byte[] psd(BufferedImage image, int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBytes("8BPS");
            out.writeShort(1);
            out.write(new byte[6]);
            out.writeShort(3);
            out.writeInt(height);
            out.writeInt(width);
            out.writeShort(8);
            out.writeShort(3); // RGB
            out.writeInt(0); // colour mode data
            out.writeInt(0); // image resources
            out.writeInt(0); // layers and masks
            out.writeShort(0); // raw
            for (int shift = 16; shift >= 0; shift -= 8) {
                for (int y = 0; y < image.getHeight(); y++) {
                    for (int x = 0; x < image.getWidth(); x++) {
                        out.write(image.getRGB(x, y) >> shift);
                    }
                }
            }
        }
        return bytes.toByteArray();
    }
}
