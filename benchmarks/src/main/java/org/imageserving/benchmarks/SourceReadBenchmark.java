package org.imageserving.benchmarks;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.imageserving.is.gif.StreamedGif;
import org.imageserving.is.jpeg.ShrinkOnLoadJpeg;
import org.imageserving.is.png.StreamedPng;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.SourceImage;
import org.imageserving.is.tiff.StripTiff;
import org.imageserving.is.webp.ScaledWebp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The read of one source file as a {@code wid=}{@code width} reply needs it: through the fast path of its kind (the
 * reducing decode: JPEG DCT scaling, CMYK JPEG raw components, libtiff strips, streamed PNG rows, libwebp scaling,
 * streamed GIF rows)
 * at the subsampling that path picks, against the ImageIO path at full size plus its conversion to working pixels
 * (what the resampler then reduces). The file is given, e.g. one of those {@code bench/sources.sh} makes:
 *
 * <pre>bench/jmh.sh SourceRead -p file=/tmp/photo-cmyk.jpg</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SourceReadBenchmark {
    /** The source file; required. */
    @Param("")
    public String file;

    /** The reply's width: the reduction is the source's width divided by it. */
    @Param("400")
    public int width;

    private Path path;

    @Setup(Level.Trial)
    public void check() {
        if (file.isEmpty() || !Files.isRegularFile(Path.of(file))) {
            throw new IllegalArgumentException("give a source file: -p file=/path/to/image");
        }
        path = Path.of(file);
        ImageIO.setUseCache(false); // as the Image Server runs
        try (SourceImage source = SourceImage.open(path, Long.MAX_VALUE)) {
            PixelSource fast = fast(source);
            if (fast.getClass().getName().startsWith(PixelSource.class.getName())) {
                throw new IllegalStateException(file + " takes the ImageIO path: nothing to compare");
            }
        }
    }

    @Benchmark
    public BufferedImage imageIo() {
        try (SourceImage source = SourceImage.open(path, Long.MAX_VALUE)) {
            return Pixels.toWorking(PixelSource.of(source).read(new Rectangle(0, 0, source.width(), source.height()), 1));
        }
    }

    @Benchmark
    public BufferedImage fastPath() {
        try (SourceImage source = SourceImage.open(path, Long.MAX_VALUE)) {
            PixelSource fast = fast(source);
            int subsampling = fast.subsampling((double) source.width() / width);
            return fast.read(new Rectangle(0, 0, source.width(), source.height()), subsampling);
        }
    }

    private PixelSource fast(SourceImage source) {
        return switch (source.formatName()) {
            case "jpeg" -> ShrinkOnLoadJpeg.of(path, source);
            case "tif", "tiff" -> StripTiff.of(path, source);
            case "png" -> StreamedPng.of(path, source);
            case "webp" -> ScaledWebp.of(path, source);
            case "gif" -> StreamedGif.of(path, source);
            default -> PixelSource.of(source);
        };
    }
}
