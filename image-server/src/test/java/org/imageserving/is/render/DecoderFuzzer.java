package org.imageserving.is.render;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.imageserving.tools.ic.ConversionSettings;
import org.imageserving.tools.ic.PyramidConverter;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing (Jazzer) of the source decoders: byte mutations ({@link ByteMutations}) of one valid file
 * of each kind the Image Server reads (the {@link SourceCorpus}: JPEG baseline, progressive, CMYK, YCCK, ICC, EXIF;
 * PNG of every depth; GIF; BMP; TIFF strips, tiles, JPEG, alpha; WebP lossy and lossless; plus a PSD and two pyramid
 * TIFFs written by bin/ic, deflate and JPEG tiles) fed to the real render path; see {@link DecoderTarget}. Runs {@code -Dfuzz.duration} (5 s
 * by default) in the build.
 */
class DecoderFuzzer {
    record Seed(String extension, byte[] bytes) {}

    static final List<Seed> SEEDS = new ArrayList<>();
    static DecoderTarget target;

    @BeforeAll
    static void seeds() throws Exception {
        Path seeds = Files.createTempDirectory("decoder-seeds");
        SourceCorpus.write(seeds);
        BufferedImage quad = Patterns.quadrants(64, 32);
        Files.write(seeds.resolve("quad.psd"), PsdPictEpsSourceTest.psd(quad, 64, 32));
        Path png = Patterns.write(PyramidTiffSourceTest.photoLike(300, 200), "png",
                Files.createTempDirectory("decoder-ptif").resolve("photo.png"));
        new PyramidConverter(ConversionSettings.defaults()).convert(png, seeds.resolve("pyramid.tif"), line -> {});
        ConversionSettings d = ConversionSettings.defaults();
        // JPEG tiles: read by the native tile decoder (ptiff.JpegTileLevel), which hostile tiles must not get past
        new PyramidConverter(new ConversionSettings(org.imageserving.tools.ptiff.Compression.JPEG, 85, false, d.usm(),
                d.filter(), d.dpi(), d.embedColorProfile(), d.embedXmp(), d.applyClipPath(), d.maintainPixelType(),
                d.autoCrop(), d.maxMemoryBytes(), d.color(), d.forceJpegDecompress()))
                .convert(png, seeds.resolve("pyramid-jpeg.tif"), line -> {});
        try (Stream<Path> files = Files.list(seeds)) {
            files.sorted().forEach(f -> SEEDS.add(new Seed(DecoderTarget.extension(f), DecoderTarget.read(f))));
        }
        target = new DecoderTarget(Files.createTempDirectory("decoder-fuzz"));
        for (Seed seed : SEEDS) {
            target.warmUp(seed.bytes(), seed.extension());
        }
    }

    @FuzzTest(maxDuration = "5s")
    void decode(FuzzedDataProvider data) {
        Seed seed = SEEDS.get(data.consumeInt(0, SEEDS.size() - 1));
        target.check(ByteMutations.apply(seed.bytes(), data), seed.extension());
    }
}
