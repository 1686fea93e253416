package org.imageserving.common.imaging.tiff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PyramidTiffTest {
    @TempDir
    Path folder;

    private PyramidTiff pyramid(TiffBytes tiff) throws IOException {
        return PyramidTiff.read(Files.write(folder.resolve("p.tif"), tiff.bytes()), Set.of()).orElseThrow();
    }

    private boolean isPyramid(TiffBytes tiff) throws IOException {
        return PyramidTiff.read(Files.write(folder.resolve("p.tif"), tiff.bytes()), Set.of()).isPresent();
    }

    @Test
    void markedLevelsAfterTheFirstImageAreThePyramid() throws IOException {
        PyramidTiff pyramid = pyramid(TiffBytes.classic().image(1001, 600, 0).image(501, 300, 1).image(250, 150, 1)
                .image(125, 75, 1).image(640, 480, 0));

        assertThat(pyramid.levels()).extracting(l -> l.index() + ":" + l.width() + "x" + l.height() + "/" + l.factor())
                .as("odd sizes round either way; the unmarked image after the levels is another image")
                .containsExactly("0:1001x600/1", "1:501x300/2", "2:250x150/4", "3:125x75/8");
    }

    @Test
    void unmarkedPagesThatEachHalveAreAPyramid() throws IOException {
        assertThat(pyramid(TiffBytes.bigTiff().image(800, 800, 0).image(400, 400, 0).image(200, 200, 0)).levels())
                .extracting(PyramidLevel::factor).containsExactly(1, 2, 4);
    }

    @Test
    void otherTiffsAreNotPyramids() throws IOException {
        assertThat(isPyramid(TiffBytes.classic().image(800, 800, 0))).as("one image").isFalse();
        assertThat(isPyramid(TiffBytes.classic().image(800, 800, 0).image(800, 800, 0))).as("pages of a document").isFalse();
        assertThat(isPyramid(TiffBytes.classic().image(800, 800, 0).image(400, 400, 1).image(100, 100, 1)))
                .as("a level that skips a halving").isFalse();
        assertThat(isPyramid(TiffBytes.classic().image(0, 0, 0).image(0, 0, 1))).as("no size").isFalse();
    }

    @Test
    void theSmallestLevelWithAtLeastTheRepliesResolutionIsChosen() throws IOException {
        PyramidTiff pyramid = pyramid(TiffBytes.classic().image(800, 800, 0).image(400, 400, 1).image(200, 200, 1)
                .image(100, 100, 1));

        assertThat(pyramid.subsampling(0.5)).as("enlarging").isEqualTo(1);
        assertThat(pyramid.subsampling(1.99)).isEqualTo(1);
        assertThat(pyramid.subsampling(2)).isEqualTo(2);
        assertThat(pyramid.subsampling(7.9)).isEqualTo(4);
        assertThat(pyramid.subsampling(100)).isEqualTo(8);
        assertThat(pyramid.levelFor(4).index()).isEqualTo(2);
        assertThat(pyramid.levelFor(6).index()).as("the largest factor dividing it").isEqualTo(1);
        assertThat(pyramid.levelFor(32).index()).isEqualTo(3);
    }
}
