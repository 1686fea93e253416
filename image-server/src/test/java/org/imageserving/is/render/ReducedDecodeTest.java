package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.request.ImageCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No full-size intermediate where a reduced one serves: the decoder is asked only for the visible window, and very
 * large sources are subsampled by the decoder. The real source is wrapped to record what was asked of it.
 */
class ReducedDecodeTest {
    @TempDir
    Path folder;

    record Read(Rectangle region, int subsampling, int decodedWidth) {}

    /** Delegates to the real source and records every read. */
    static final class RecordingSource implements PixelSource {
        final PixelSource real;
        final List<Read> reads = new ArrayList<>();

        RecordingSource(PixelSource real) {
            this.real = real;
        }

        @Override
        public int width() {
            return real.width();
        }

        @Override
        public int height() {
            return real.height();
        }

        @Override
        public boolean allowsSubsampling() {
            return real.allowsSubsampling();
        }

        @Override
        public int subsampling(double reduction) {
            return real.subsampling(reduction);
        }

        @Override
        public BufferedImage read(Rectangle region, int subsampling) {
            BufferedImage image = real.read(region, subsampling);
            reads.add(new Read(region, subsampling, image.getWidth()));
            return image;
        }
    }

    /**
     * A 400 px-class thumbnail ({@code wid=100} of a 1201 x 801 source) from {@code streamed}, a reducing decoder of
     * {@code type}: read once, reduced by 6 while streaming (the resampler does the last 2), and within 45 dB of the
     * same reply from ImageIO's full-size pixels.
     */
    static void assertReducedWhileStreaming(SourceImage image, PixelSource streamed, Class<?> type) {
        RecordingSource fast = new RecordingSource(streamed);
        assertThat(fast.real).isInstanceOf(type);
        BufferedImage ours = render(image, fast, "wid=100");
        BufferedImage reference = render(image, new RecordingSource(PixelSource.of(image)), "wid=100");
        assertThat(fast.reads).hasSize(1);
        assertThat(fast.reads.get(0).subsampling()).isEqualTo(6);
        assertThat(fast.reads.get(0).decodedWidth()).isEqualTo(201);
        double psnr = StripTiffTest.premultipliedPsnr(ours, reference);
        assertThat(psnr).as("PSNR %.1f dB", psnr).isGreaterThan(45);
    }

    /** The largest difference of any channel, alpha included, between two working (premultiplied ARGB) images. */
    static int maxWorkingDifference(BufferedImage a, BufferedImage b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        int[] p = Pixels.data(a), q = Pixels.data(b);
        int max = 0;
        for (int i = 0; i < p.length; i++) {
            for (int shift = 0; shift < 32; shift += 8) {
                max = Math.max(max, Math.abs(((p[i] >> shift) & 0xFF) - ((q[i] >> shift) & 0xFF)));
            }
        }
        return max;
    }

    static BufferedImage render(SourceImage image, RecordingSource source, String query) {
        Map<String, String> c = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            c.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        ImageCommands commands = ImageCommands.parse(RenderRequest.of("x", c));
        Layout layout = Layout.plan(commands, image.width(), image.height(), 16_000_000L);
        BufferedImage canvas = Pixels.create(layout.width(), layout.height());
        LayerPlacement.draw(source, layout, canvas, Kernel.of(commands.resMode()));
        return canvas;
    }

    @Test
    void aVeryLargeSourceIsSubsampledByTheDecoder() {
        Path file = Patterns.write(Patterns.quadrants(5000, 3400), "jpeg", folder.resolve("large.jpg"));
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            RecordingSource source = new RecordingSource(PixelSource.of(image));
            BufferedImage out = render(image, source, "wid=200");

            assertThat(source.reads).hasSize(1);
            Read read = source.reads.get(0);
            assertThat(read.subsampling()).isEqualTo(8); // 25 source pixels per output pixel, at least 3 kept
            assertThat(read.decodedWidth()).isEqualTo(625);
            assertThat(out.getWidth()).isEqualTo(200);
            assertThat(out.getHeight()).isEqualTo(136);
            assertThat((out.getRGB(50, 34) >> 16) & 0xFF).isGreaterThan(240);
            assertThat((out.getRGB(150, 100) >> 8) & 0xFF).isGreaterThan(240); // yellow
        }
    }

    @Test
    void aSmallSourceIsNeverSubsampledButOnlyTheVisibleWindowIsDecoded() {
        Path file = Patterns.write(Patterns.quadrants(2000, 1000), "png", folder.resolve("medium.png"));
        try (SourceImage image = SourceImage.open(file, 50_000_000L)) {
            RecordingSource source = new RecordingSource(PixelSource.of(image));
            render(image, source, "wid=100");
            assertThat(source.reads.get(0).subsampling()).isEqualTo(1);

            RecordingSource cropped = new RecordingSource(PixelSource.of(image));
            BufferedImage out = render(image, cropped, "crop=1200,600,100,100");
            Rectangle region = cropped.reads.get(0).region();
            assertThat(region.width).isLessThan(120);
            assertThat(region.height).isLessThan(120);
            assertThat(out.getRGB(50, 50)).isEqualTo(Patterns.YELLOW);

            RecordingSource tile = new RecordingSource(PixelSource.of(image));
            render(image, tile, "scl=1&rect=1900,0,100,100");
            assertThat(tile.reads.get(0).region().x).isGreaterThan(1850);
        }
    }
}
