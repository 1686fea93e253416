package org.imageserving.benchmarks;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.imageserving.is.jpeg.ShrinkOnLoadJpeg;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.SourceImage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JPEG decoding as the Image Server does it: the header read ({@link SourceImage#open}) plus the pixels, either
 * through ImageIO (TwelveMonkeys; what every JPEG took before the fast path, and what CMYK, ICC and damaged files
 * still take) or through {@link ShrinkOnLoadJpeg}, libjpeg-turbo with DCT scaling by 1/{@code shrink}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {
    /** Source size, {@code WIDTHxHEIGHT}: 6 MP by default; {@code -p size=4000x3000} for a 12 MP camera photo. */
    @Param("3000x2000")
    public String size;

    /** 1 = full size; 2, 4, 8 = the reductions the fast path uses (a 400 px thumbnail of 6 MP takes 1/4). */
    @Param({"1", "4", "8"})
    public int shrink;

    private Path file;
    private Rectangle whole;

    @Setup(Level.Trial)
    public void writeSource() throws IOException {
        String[] wh = size.split("x");
        int width = Integer.parseInt(wh[0]);
        int height = Integer.parseInt(wh[1]);
        file = TestImages.jpeg(width, height, 0.9f);
        whole = new Rectangle(0, 0, width, height);
        ImageIO.setUseCache(false); // as the Image Server runs
        try (SourceImage source = SourceImage.open(file, Long.MAX_VALUE)) {
            if (!(ShrinkOnLoadJpeg.of(file, source) instanceof ShrinkOnLoadJpeg)) {
                throw new IllegalStateException("the native JPEG decoder did not load: the benchmark would measure ImageIO");
            }
        }
    }

    @TearDown(Level.Trial)
    public void deleteSource() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The ImageIO path; for {@code shrink} > 1 it skips pixels (subsampled read), as for large non-JPEG sources. */
    @Benchmark
    public BufferedImage imageIo() {
        try (SourceImage source = SourceImage.open(file, Long.MAX_VALUE)) {
            return PixelSource.of(source).read(whole, shrink);
        }
    }

    /** libjpeg-turbo through Leptonica, reduced while decoding (every source pixel averaged in). */
    @Benchmark
    public BufferedImage shrinkOnLoad() {
        try (SourceImage source = SourceImage.open(file, Long.MAX_VALUE)) {
            return ShrinkOnLoadJpeg.of(file, source).read(whole, shrink);
        }
    }
}
