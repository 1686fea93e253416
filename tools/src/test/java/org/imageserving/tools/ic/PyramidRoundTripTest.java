package org.imageserving.tools.ic;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.imageserving.common.imaging.tiff.TiffFile;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Converts each kind of source with ic's command line, reads every level back with the JDK's TIFF reader and compares
 * it with the source: level 0 exactly (lossless codecs), every reduced level with java.awt's area-averaging downscale
 * of the source to the same size. Tolerance: mean difference at most 1.5 levels of 255 and at least 97 % of samples
 * within 8 levels (Lanczos and area averaging differ slightly on slopes and near edges).
 */
class PyramidRoundTripTest {
    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "rgb-jpeg, -deflatecompress", "rgb-jpeg, -lzwcompress", "rgb-jpeg, -uncompressed",
            "gray-png, -deflatecompress", "gray-png, -lzwcompress",
            "rgba-png, -deflatecompress", "rgba-png, -lzwcompress",
            "rgb16-png, -deflatecompress", "rgb16-png, -lzwcompress", "rgb16-png, -uncompressed",
            "palette-png, -deflatecompress"})
    void everyLevelMatchesTheSource(String variant, String compression) throws Exception {
        int width = 1100;
        int height = 700;
        Path source = source(variant, width, height);
        BufferedImage decodedSource = TestImages.read(source);
        Path target = folder.resolve("out.tif");

        // the JPEG source is decoded and its full-resolution level tiled (the default; JpegPassThroughTest: copied)
        Run run = ic("-convert", compression, "-forceJPEGDecompress", source.toString(), target.toString());

        assertThat(run.code).as(run.toString()).isZero();
        TiffFile structure = TiffReader.read(target);
        assertThat(structure.directories()).extracting(d -> d.width() + "x" + d.height())
                .containsExactly("1100x700", "550x350", "275x175", "138x88");
        assertThat(structure.directories()).allSatisfy(d -> {
            assertThat(d.first(TiffTag.TILE_WIDTH, 0)).isEqualTo(256);
            assertThat(d.first(TiffTag.TILE_LENGTH, 0)).isEqualTo(256);
        });
        assertThat(structure.directories()).extracting(d -> d.first(TiffTag.NEW_SUBFILE_TYPE, -1)).containsExactly(0L, 1L, 1L, 1L);
        int expectedChannels = switch (variant) {
            case "gray-png" -> 1;
            case "rgba-png", "palette-png" -> 4;
            default -> 3;
        };
        assertThat(structure.directories().get(0).first(TiffTag.SAMPLES_PER_PIXEL, 0)).isEqualTo(expectedChannels);
        assertThat(structure.directories().get(0).first(TiffTag.BITS_PER_SAMPLE, 0)).isEqualTo(variant.equals("rgb16-png") ? 16 : 8);

        BufferedImage level0 = TestImages.readTiffLevel(target, 0);
        if (variant.equals("rgb16-png")) {
            assertThat(ImageComparison.rawDifferences(level0, decodedSource)).as("16-bit samples differing").isZero();
        } else {
            ImageComparison exact = ImageComparison.of(level0, decodedSource, 0, 0);
            assertThat(exact.maxDifference).as("level 0: %s", exact).isZero();
        }
        for (int level = 1; level < 4; level++) {
            BufferedImage actual = TestImages.readTiffLevel(target, level);
            BufferedImage reference = ImageComparison.areaAverage(decodedSource, level, actual.getWidth(), actual.getHeight());
            ImageComparison comparison = ImageComparison.of(actual, reference, 8, variant.equals("rgba-png") || variant.equals("palette-png") ? 64 : 0);
            assertThat(comparison.meanDifference).as("level %d: %s", level, comparison).isLessThanOrEqualTo(1.5);
            assertThat(comparison.within).as("level %d: %s", level, comparison).isGreaterThanOrEqualTo(0.97);
        }
    }

    private Path source(String variant, int width, int height) throws Exception {
        return switch (variant) {
            case "rgb-jpeg" -> TestImages.jpeg(TestImages.rgb(width, height), folder.resolve("rgb.jpg"));
            case "gray-png" -> TestImages.png(TestImages.gray(width, height), folder.resolve("gray.png"));
            case "rgba-png" -> TestImages.png(TestImages.rgba(width, height), folder.resolve("rgba.png"));
            case "rgb16-png" -> TestImages.png(TestImages.rgb16(width, height), folder.resolve("rgb16.png"));
            case "palette-png" -> TestImages.png(TestImages.palette(width, height), folder.resolve("palette.png"));
            default -> throw new IllegalArgumentException(variant);
        };
    }

    record Run(int code, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static Run ic(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = IcCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
