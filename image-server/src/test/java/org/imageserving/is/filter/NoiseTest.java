package org.imageserving.is.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imageserving.is.filter.FilterImages.*;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;
import org.junit.jupiter.api.Test;

class NoiseTest {
    private static final int BROWN = 0x806040;
    private final Noise noise = new Noise();

    /** Differences of each channel from {@code rgb}, pixel by pixel: [pixel][r, g, b]. */
    static int[][] deltas(BufferedImage image, int rgb) {
        int[] d = Pixels.data(image);
        int[][] out = new int[d.length][3];
        for (int i = 0; i < d.length; i++) {
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                out[i][c] = ((d[i] >> shift) & 0xFF) - ((rgb >> shift) & 0xFF);
            }
        }
        return out;
    }

    @Test
    void theSameRequestGivesTheSamePixels() {
        Map<String, String> c = Map.of("op_noise", "30,gaussian");
        assertThat(Pixels.data(apply(noise, solid(40, 30, BROWN), c)))
                .isEqualTo(Pixels.data(apply(noise, solid(40, 30, BROWN), c)))
                .isNotEqualTo(Pixels.data(solid(40, 30, BROWN)));
    }

    @Test
    void uniformNoiseStaysWithinTheAmountAndColourNoiseDiffersPerChannel() {
        int[][] deltas = deltas(apply(noise, solid(100, 100, BROWN), Map.of("op_noise", "20")), BROWN);
        int largest = 0, differing = 0;
        double sumOfSquares = 0;
        for (int[] pixel : deltas) {
            for (int v : pixel) {
                largest = Math.max(largest, Math.abs(v));
                sumOfSquares += v * v;
            }
            differing += pixel[0] != pixel[1] ? 1 : 0;
        }
        assertThat(largest).isBetween(45, 51); // 20 % of 255 = 51
        assertThat(Math.sqrt(sumOfSquares / (deltas.length * 3))).isBetween(27.0, 32.0); // 51 / √3 = 29.4
        assertThat(differing).isGreaterThan(deltas.length / 2);
    }

    @Test
    void gaussianNoiseHasHalfTheAmountAsStandardDeviation() {
        int[][] deltas = deltas(apply(noise, solid(100, 100, BROWN), Map.of("op_noise", "20,gaussian,0")), BROWN);
        double sumOfSquares = 0;
        for (int[] pixel : deltas) {
            for (int v : pixel) {
                sumOfSquares += v * v;
            }
        }
        assertThat(Math.sqrt(sumOfSquares / (deltas.length * 3))).isBetween(23.5, 27.5); // 25.5
    }

    @Test
    void monochromeAddsTheSameValueToEveryChannel() {
        for (int[] pixel : deltas(apply(noise, solid(50, 50, BROWN), Map.of("op_noise", "20,uniform,1")), BROWN)) {
            assertThat(pixel[1]).isEqualTo(pixel[0]);
            assertThat(pixel[2]).isEqualTo(pixel[0]);
        }
    }

    @Test
    void aGrayImageStaysGray() {
        BufferedImage out = apply(noise, solid(50, 50, 0x808080), Map.of("op_noise", "40,gaussian,0"));
        for (int[] pixel : deltas(out, 0x808080)) {
            assertThat(pixel[1]).isEqualTo(pixel[0]);
            assertThat(pixel[2]).isEqualTo(pixel[0]);
        }
    }

    @Test
    void onlyTheForegroundGetsNoise() {
        BufferedImage out = apply(noise, halfTransparent(20, 10, BROWN), Map.of("op_noise", "50"));
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                assertThat(alpha(out, x, y)).isEqualTo(x < 10 ? 0 : 255);
            }
        }
        assertThat(out.getRGB(3, 3)).isZero();
    }

    @Test
    void zeroIsNoStepAndBadValuesAreUsageErrors() {
        assertThat(noise.parse(Map.of("op_noise", "0,gaussian"))).isEmpty();
        assertThat(noise.parse(Map.of("op_noise", "5,Gaussian,1"))).contains(new Noise.Settings(5, true, true));
        for (String bad : new String[] {"101", "5,poisson", "5,uniform,2", "5,uniform,1,1", "-1"}) {
            assertThatThrownBy(() -> noise.parse(Map.of("op_noise", bad))).as(bad).isInstanceOf(RenderException.class)
                    .hasMessageContaining("op_noise=" + bad);
        }
    }
}
