package org.imageserving.benchmarks;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imageserving.is.encode.Encoder;
import org.imageserving.is.encode.Encoders;
import org.imageserving.is.request.Attributes;
import org.imageserving.is.request.OutputCommands;
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
 * Encoding a reply through the Image Server's encoders, chosen and configured from the same {@code fmt=} and
 * {@code qlt=} values a request carries: JPEG Q80 (the default), PNG, lossy WebP (native libwebp).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EncodeBenchmark {
    @Param({"jpeg", "png", "webp"})
    public String fmt;

    /** Reply size {@code WIDTHxHEIGHT}: a 400 px thumbnail of a 3:2 photo by default. */
    @Param("400x267")
    public String size;

    private BufferedImage reply;
    private Encoder encoder;
    private OutputCommands output;

    @Setup(Level.Trial)
    public void makeReply() {
        reply = TestImages.photo(size);
        output = OutputCommands.parse(Map.of("fmt", fmt, "qlt", "80"), Attributes.DEFAULTS);
        encoder = Encoders.standard().forFormat(output.format());
    }

    @Benchmark
    public byte[] encode() {
        return encoder.encode(reply, output);
    }
}
