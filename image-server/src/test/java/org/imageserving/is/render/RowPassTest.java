package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RowPassTest {
    @Test
    void theTestsRunTheVectorPass() {
        assertThat(RowPass.vectorized()).as("surefire adds jdk.incubator.vector, as the supervisor does for is").isTrue();
    }

    @Test
    void vectorAndScalarPassesGiveTheSamePixels() {
        Random random = new Random(7);
        int width = 203, height = 41, columns = 150, column = 37; // not a multiple of any vector length
        int[] src = new int[width * height];
        for (int i = 0; i < src.length; i++) {
            int a = random.nextInt(4) == 0 ? random.nextInt(256) : 255;
            int r = random.nextInt(a + 1), g = random.nextInt(a + 1), b = random.nextInt(a + 1);
            src[i] = a << 24 | r << 16 | g << 8 | b;
        }
        int outputs = 17;
        int[] start = new int[outputs];
        int[][] weights = new int[outputs][];
        for (int o = 0; o < outputs; o++) {
            start[o] = 3 + o;
            // Lanczos-like: negative lobes, summing to one
            weights[o] = new int[] {-700, 2100, RowPass.ONE - 2 * 2100 + 2 * 700 + 1200, 2100, -700 - 1200 + 0};
        }
        int[] vector = new int[outputs * columns];
        int[] scalar = new int[outputs * columns];
        RowPass.apply(src, width, 2, column, columns, start, weights, vector);
        RowPass.scalar(src, width, 2, column, columns, start, weights, scalar);
        assertThat(vector).isEqualTo(scalar);
        for (int pixel : vector) {
            int alpha = pixel >>> 24;
            assertThat(Math.max((pixel >> 16) & 0xFF, Math.max((pixel >> 8) & 0xFF, pixel & 0xFF)))
                    .as("premultiplied colour never exceeds alpha").isLessThanOrEqualTo(alpha);
        }
    }

    @Test
    void transposeTurnsRowsIntoColumns() {
        int[] pixels = {1, 2, 3, 4, 5, 6}; // 3 wide, 2 high
        assertThat(Resampler.transpose(pixels, 3, 2)).containsExactly(1, 4, 2, 5, 3, 6);
    }
}
