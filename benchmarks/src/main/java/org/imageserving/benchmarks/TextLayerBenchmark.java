package org.imageserving.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.imageserving.common.render.FontMap;
import org.imageserving.common.render.Layer;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.render.Renderer;
import org.imageserving.is.request.LayerCommands;
import org.imageserving.is.source.SourceResolver;
import org.imageserving.is.text.TextLayer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a text layer adds to a reply: a 400 px JPEG from a 12 MP JPEG photo, with and without one {@code textPs=} layer
 * of 40 characters in two fonts (DejaVu Sans and Serif bold), through the whole Image Server pipeline (decode with
 * shrink-on-load, composite, encode). The fonts are the install's ({@code images/fonts/dejavu}, laid out by the dist
 * build), or those under {@code -Dbench.fonts=folder}. The same layer over a solid canvas of the same size isolates
 * the text's own cost from the photo's decoding, which varies far more on a shared machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TextLayerBenchmark {
    /** 40 characters: "Summer sale " in Sans, "50% off" in Serif bold, " everything in store!" in Sans. */
    static final String RTF = "{\\rtf1{\\fonttbl{\\f0 DejaVu Sans;}{\\f1 DejaVu Serif;}}\\qc\\f0\\fs240 Summer sale "
            + "{\\f1\\b 50% off} everything in store!}";

    private Renderer renderer;
    private RenderRequest plain;
    private RenderRequest withText;
    private RenderRequest canvas;
    private RenderRequest canvasWithText;
    private Map<String, String> layers1;
    private FontMap fonts;
    private SourceResolver resolver;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path root = Files.createTempDirectory("bench-text");
        root.toFile().deleteOnExit();
        Path photo = TestImages.jpeg(4000, 3000, 0.85f);
        Files.copy(photo, root.resolve("photo.jpg"));
        Path fontFolder = Path.of(System.getProperty("bench.fonts", "images/fonts/dejavu"));
        Files.createDirectories(root.resolve("fonts"));
        for (String file : List.of("DejaVuSans.ttf", "DejaVuSerif-Bold.ttf")) {
            Files.copy(fontFolder.resolve(file), root.resolve("fonts").resolve(file));
        }
        resolver = new SourceResolver(List.of(root));
        renderer = new Renderer(resolver, 100_000_000L, 100_000_000L, 64L << 20,
                Encoders.standard(), null, Clock.systemUTC());
        Map<String, String> global = new TreeMap<>(Map.of("wid", "400", "fmt", "jpeg"));
        plain = RenderRequest.of("photo.jpg", global);
        fonts = new FontMap(List.of(new FontMap.Face("DejaVu Sans", false, false, "fonts/DejaVuSans.ttf"),
                new FontMap.Face("DejaVu Serif", true, false, "fonts/DejaVuSerif-Bold.ttf")), "DejaVu Sans", true);
        global.put(RenderRequest.FONTS, fonts.encode());
        RenderRequest single = RenderRequest.of("photo.jpg", global);
        List<Layer> layers = new ArrayList<>(List.of(single.layer0()));
        layers1 = Map.of("textps", RTF, "size", "3600,800", "pos", "0,900");
        layers.add(Layer.of(1, "", layers1));
        withText = new RenderRequest(single.global(), layers);
        // the same geometry on a solid 12 MP canvas, which costs next to nothing: the text's own cost shows
        Map<String, String> solid = new TreeMap<>(single.global());
        solid.put("size", "4000,3000");
        solid.put("color", "ffffff");
        canvas = RenderRequest.of("", solid);
        canvasWithText = new RenderRequest(canvas.global(), List.of(canvas.layer0(), layers.get(1)));
    }

    /** The text alone: parse, font lookup, layout and drawing at the 1/10 scale of the 400 px reply (360 x 80). */
    @Benchmark
    public java.awt.image.BufferedImage textLayoutAndDraw() {
        TextLayer text = TextLayer.of(layers1, java.util.Optional.of(new LayerCommands.SizeBox(3600, 800)), fonts,
                resolver::resolve);
        return text.source().draw(360, 80);
    }

    @Benchmark
    public byte[] canvasOnly() {
        return renderer.render(canvas).bytes();
    }

    @Benchmark
    public byte[] canvasWithTextLayer() {
        return renderer.render(canvasWithText).bytes();
    }

    @Benchmark
    public byte[] photoOnly() {
        return renderer.render(plain).bytes();
    }

    @Benchmark
    public byte[] photoWithTextLayer() {
        return renderer.render(withText).bytes();
    }
}
