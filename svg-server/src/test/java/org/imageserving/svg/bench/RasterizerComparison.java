package org.imageserving.svg.bench;

import com.github.weisj.jsvg.SVGDocument;
import com.github.weisj.jsvg.parser.LoaderContext;
import com.github.weisj.jsvg.parser.SVGLoader;
import com.github.weisj.jsvg.renderer.NullPlatformSupport;
import com.github.weisj.jsvg.view.ViewBox;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;

/**
 * Compares Apache Batik and JSVG on the SVG corpus: how close each comes to librsvg's rendering (rsvg-convert, an
 * independent renderer) and how long one rasterization takes, parse included, at the width a request would need.
 * A benchmark main, not a test: run it by hand (command in docs/performance.md, "SVG rasterizer choice").
 */
public final class RasterizerComparison {
    private static final int WIDTH = 1024;
    private static final long WARMUP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = 3_000_000_000L;

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : "svg-server/src/test/resources/corpus");
        List<Path> files;
        try (Stream<Path> list = Files.list(corpus)) {
            files = list.filter(p -> p.toString().endsWith(".svg")).sorted().toList();
        }
        System.out.printf(Locale.ROOT, "%-26s %6s | %10s %10s | %12s %12s%n", "file", "px",
                "jsvg ms", "batik ms", "jsvg diff", "batik diff");
        double jsvgTotal = 0;
        double batikTotal = 0;
        for (Path file : files) {
            byte[] svg = Files.readAllBytes(file);
            SVGDocument probe = jsvg(svg);
            int height = Math.max(1, Math.round(WIDTH * probe.size().height / probe.size().width));
            BufferedImage reference = rsvg(file, WIDTH, height);
            Result j = measure(svg, height, reference, RasterizerComparison::renderJsvgUnchecked);
            Result b = measure(svg, height, reference, RasterizerComparison::renderBatikUnchecked);
            jsvgTotal += j.millis();
            batikTotal += b.millis();
            System.out.printf(Locale.ROOT, "%-26s %6s | %10s %10s | %12s %12s%n", file.getFileName(),
                    WIDTH + "x" + height, j.time(), b.time(), j.diff(), b.diff());
            if (j.error() != null || b.error() != null) {
                System.out.println("    jsvg: " + j.error() + " / batik: " + b.error());
            }
        }
        System.out.printf(Locale.ROOT, "%-33s | %10.2f %10.2f |%n", "total", jsvgTotal, batikTotal);
        System.out.println("diff = mean absolute difference per channel (0..255) from rsvg-convert, composited on white");
    }

    private record Result(double millis, double difference, String error) {
        String time() {
            return error == null ? String.format(Locale.ROOT, "%.2f", millis) : "fails";
        }

        String diff() {
            return error == null ? String.format(Locale.ROOT, "%.2f", difference) : "fails";
        }
    }

    private static Result measure(byte[] svg, int height, BufferedImage reference, Renderer renderer) {
        try {
            BufferedImage image = renderer.render(svg, WIDTH, height);
            return new Result(time(svg, height, renderer), meanDifference(image, reference), null);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new Result(0, Double.NaN, root.getMessage() == null ? root.toString() : root.getMessage().lines().reduce((a, c) -> c).orElse(""));
        }
    }

    private interface Renderer {
        BufferedImage render(byte[] svg, int width, int height);
    }

    private static double time(byte[] svg, int height, Renderer renderer) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < WARMUP_NANOS) {
            renderer.render(svg, WIDTH, height);
        }
        int runs = 0;
        start = System.nanoTime();
        while (System.nanoTime() - start < MEASURE_NANOS) {
            renderer.render(svg, WIDTH, height);
            runs++;
        }
        return (System.nanoTime() - start) / 1e6 / runs;
    }

    static SVGDocument jsvg(byte[] svg) {
        SVGDocument document = new SVGLoader().load(new ByteArrayInputStream(svg), null, LoaderContext.createDefault());
        if (document == null) {
            throw new IllegalStateException("JSVG could not parse the file");
        }
        return document;
    }

    static BufferedImage renderJsvgUnchecked(byte[] svg, int width, int height) {
        return renderJsvg(svg, width, height);
    }

    static BufferedImage renderJsvg(byte[] svg, int width, int height) {
        SVGDocument document = jsvg(svg);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            document.renderWithPlatform(NullPlatformSupport.INSTANCE, g, new ViewBox(0, 0, width, height));
        } finally {
            g.dispose();
        }
        return image;
    }

    static BufferedImage renderBatikUnchecked(byte[] svg, int width, int height) {
        try {
            return renderBatik(svg, width, height);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static BufferedImage renderBatik(byte[] svg, int width, int height) throws Exception {
        BufferedImage[] result = new BufferedImage[1];
        ImageTranscoder transcoder = new ImageTranscoder() {
            @Override
            public BufferedImage createImage(int w, int h) {
                return new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            }

            @Override
            public void writeImage(BufferedImage image, TranscoderOutput output) {
                result[0] = image;
            }
        };
        transcoder.addTranscodingHint(ImageTranscoder.KEY_WIDTH, (float) width);
        transcoder.addTranscodingHint(ImageTranscoder.KEY_HEIGHT, (float) height);
        TranscoderInput input = new TranscoderInput(new ByteArrayInputStream(svg));
        input.setURI("file:///corpus.svg");
        transcoder.transcode(input, null);
        return result[0];
    }

    static BufferedImage rsvg(Path file, int width, int height) throws Exception {
        File out = File.createTempFile("rsvg", ".png");
        try {
            Process p = new ProcessBuilder("rsvg-convert", "-w", Integer.toString(width), "-h", Integer.toString(height),
                    "-o", out.getPath(), file.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("rsvg-convert failed on " + file);
            }
            return ImageIO.read(out);
        } finally {
            out.delete();
        }
    }

    static double meanDifference(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return Double.NaN;
        }
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = onWhite(a.getRGB(x, y));
                int q = onWhite(b.getRGB(x, y));
                for (int shift = 0; shift < 24; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    static int onWhite(int argb) {
        int alpha = argb >>> 24;
        int out = 0;
        for (int shift = 0; shift < 24; shift += 8) {
            int c = (argb >> shift) & 0xff;
            out |= ((c * alpha + 255 * (255 - alpha) + 127) / 255) << shift;
        }
        return out;
    }
}
