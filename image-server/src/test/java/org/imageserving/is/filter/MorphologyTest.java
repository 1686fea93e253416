package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MorphologyTest {

    /** The definition, pixel by pixel: the maximum (minimum) over the disc, clipped to the image. */
    static int[] bruteForce(int[] plane, int width, double radius, boolean grow) {
        int height = plane.length / width, reach = (int) Math.floor(radius);
        int[] out = new int[plane.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int best = grow ? 0 : 255;
                for (int dy = -reach; dy <= reach; dy++) {
                    for (int dx = -reach; dx <= reach; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (dx * dx + dy * dy <= radius * radius && nx >= 0 && ny >= 0 && nx < width && ny < height) {
                            int v = plane[ny * width + nx];
                            best = grow ? Math.max(best, v) : Math.min(best, v);
                        }
                    }
                }
                out[y * width + x] = best;
            }
        }
        return out;
    }

    @Test
    void matchesTheDefinitionOnRandomPlanes() {
        Random random = new Random(11);
        for (double radius : new double[] {1, 1.5, 2, 2.5, 3, 5, 7.9}) {
            for (boolean grow : new boolean[] {true, false}) {
                int width = 13 + random.nextInt(20), height = 9 + random.nextInt(20);
                int[] plane = new int[width * height];
                for (int i = 0; i < plane.length; i++) {
                    // mostly flat with specks, so shapes form
                    plane[i] = random.nextInt(10) == 0 ? random.nextInt(256) : 128;
                }
                int[] expected = bruteForce(plane, width, radius, grow);
                Morphology.apply(plane, width, radius, grow);
                assertThat(plane).as("radius %s, grow %s, %d x %d", radius, grow, width, height).isEqualTo(expected);
            }
        }
    }

    @Test
    void aRadiusBelowOneChangesNothingAndAOneColumnImageWorks() {
        int[] plane = {0, 255, 0, 0};
        Morphology.apply(plane, 2, 0.9, true);
        assertThat(plane).containsExactly(0, 255, 0, 0);
        int[] column = {0, 0, 200, 0, 0};
        Morphology.apply(column, 1, 1, true);
        assertThat(column).containsExactly(0, 200, 200, 200, 0);
    }
}
