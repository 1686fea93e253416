package org.imageserving.is.png;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.imageserving.is.render.BoxReduce;
import org.imageserving.is.render.Pixels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link BoxSums} gives exactly {@link BoxReduce}'s pixels, with the 16-bit rounding the decoder had before. */
class BoxSumsTest {
    @Test
    void everySixteenBitValueRoundsAsTheDivisionDid() {
        for (int v = 0; v < 65536; v++) {
            assertThat(BoxSums.eight(v >> 8, v & 0xFF)).as("v=%d", v).isEqualTo((v * 255 + 32767) / 65535);
        }
    }

    @ParameterizedTest(name = "{0} × {1}, factor {2}")
    @CsvSource({"1,1,1", "37,23,1", "401,267,5", "403,301,6", "100,90,16", "100,90,17", "300,40,300"})
    void theSumsAreBoxReducesSums(int width, int height, int factor) {
        Random random = new Random(width * 31L + factor);
        int offset = 7;
        byte[][] rgb = rows(random, height, offset + 3 * width);
        byte[][] rgb16 = rows(random, height, offset * 2 + 6 * width);
        byte[][] indices = rows(random, height, offset + width);
        int[] palette = new int[256];
        for (int i = 0; i < palette.length; i++) {
            palette[i] = Pixels.premultiply(random.nextInt());
        }
        long[] lanes = BoxReduce.lanes(palette);

        BoxSums sums = new BoxSums(width, height, factor), sums16 = new BoxSums(width, height, factor),
                indexed = new BoxSums(width, height, factor);
        BoxReduce reduce = new BoxReduce(width, height, factor), reduce16 = new BoxReduce(width, height, factor),
                reduceIndexed = new BoxReduce(width, height, factor);
        byte[] eight = new byte[3 * width + offset];
        for (int y = 0; y < height; y++) {
            sums.addRgb(rgb[y], offset);
            reduce.add(rgb[y], offset, BoxReduce.Layout.RGB);
            sums16.addRgb16(rgb16[y], 2 * offset);
            byte[] sixteen = java.util.Arrays.copyOfRange(rgb16[y], 2 * offset, rgb16[y].length);
            byte[] rounded = new byte[3 * width];
            BoxSums.toEight(sixteen, rounded);
            for (int i = 0; i < rounded.length; i++) {
                int v = (sixteen[2 * i] & 0xFF) << 8 | sixteen[2 * i + 1] & 0xFF;
                assertThat(rounded[i] & 0xFF).isEqualTo((v * 255 + 32767) / 65535);
            }
            System.arraycopy(rounded, 0, eight, offset, rounded.length);
            reduce16.add(eight, offset, BoxReduce.Layout.RGB);
            indexed.addIndexed(indices[y], offset, lanes);
            reduceIndexed.addIndexed(indices[y], offset, lanes);
        }
        assertSame(sums.result(), reduce.result());
        assertSame(sums16.result(), reduce16.result());
        assertSame(indexed.result(), reduceIndexed.result());
    }

    private static byte[][] rows(Random random, int height, int length) {
        byte[][] rows = new byte[height][length];
        for (byte[] row : rows) {
            random.nextBytes(row);
        }
        return rows;
    }

    private static void assertSame(BufferedImage ours, BufferedImage theirs) {
        assertThat(ours.getWidth()).isEqualTo(theirs.getWidth());
        assertThat(ours.getHeight()).isEqualTo(theirs.getHeight());
        assertThat(Pixels.data(ours)).isEqualTo(Pixels.data(theirs));
    }
}
