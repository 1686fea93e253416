package org.imageserving.benchmarks;

import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.imageserving.is.render.Kernel;
import org.imageserving.is.render.Resampler;
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
 * The separable resampler with each kernel ({@code resMode=bilin, bicub, bisharp, sharp2}), from a decoded
 * 3000×2000 image to a 400 px wide reply: the reduction a thumbnail of a 6 MP photo needs without shrink-on-load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ResampleBenchmark {
    @Param({"TRIANGLE", "CATMULL_ROM", "SHARP_CUBIC", "LANCZOS3"})
    public Kernel kernel;

    /** Source size {@code WIDTHxHEIGHT}; {@code -p source=750x500} is what is left after a 1/4 shrink-on-load. */
    @Param("3000x2000")
    public String source;

    @Param("400")
    public int width;

    private BufferedImage image;
    private int height;

    @Setup(Level.Trial)
    public void makeSource() {
        image = TestImages.photo(source);
        height = (int) Math.round(width * (double) image.getHeight() / image.getWidth());
    }

    @Benchmark
    public BufferedImage resample() {
        return Resampler.resample(image, 0, 0, image.getWidth(), image.getHeight(), width, height, kernel);
    }
}
