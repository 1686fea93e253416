package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The box reduce against its definition, computed here pixel by pixel: each output pixel is the rounded mean of the
 * premultiplied samples of its box (the last box of a row or column takes what remains). Widths whose rows are not a
 * whole number of 8-byte words, factors of 1, of one that leaves a partial last box, and of more than the 257 rows a
 * 16-bit lane of the column sums holds, for each layout; the pixels must be the same integers.
 */
class BoxReduceTest {
    @ParameterizedTest(name = "{0} {1}x{2} by {3}")
    @CsvSource({"RGB,1,1,1", "RGB,401,267,1", "RGB,401,267,5", "RGB,7,700,300", "RGB,1203,9,4",
            "RGBA_PREMULTIPLIED,401,267,3", "RGBA_PREMULTIPLIED,5,600,300", "RGBA_UNASSOCIATED,401,267,6",
            "RGBA_UNASSOCIATED,3,3,2"})
    void everyPixelIsTheRoundedMeanOfItsBox(BoxReduce.Layout layout, int width, int height, int factor) {
        int samples = layout.samples();
        Random random = new Random(width * 7919L + height * 31L + factor);
        byte[][] rows = new byte[height][width * samples + 5]; // rows start at an offset inside a longer array
        for (byte[] row : rows) {
            random.nextBytes(row);
            if (factor > 257) { // bright: a column's sum passes what a 16-bit lane holds within one band
                for (int i = 0; i < row.length; i++) {
                    row[i] = (byte) (200 + random.nextInt(56));
                }
            }
            if (layout == BoxReduce.Layout.RGBA_PREMULTIPLIED) { // premultiplied: no sample above its alpha
                for (int x = 0; x < width; x++) {
                    int alpha = row[2 + x * 4 + 3] & 0xFF;
                    for (int c = 0; c < 3; c++) {
                        row[2 + x * 4 + c] = (byte) ((row[2 + x * 4 + c] & 0xFF) * alpha / 255);
                    }
                }
            }
        }
        BoxReduce box = new BoxReduce(width, height, factor);
        for (byte[] row : rows) {
            box.add(row, 2, layout);
        }
        int[] reduced = Pixels.data(box.result());
        int outWidth = (width + factor - 1) / factor, outHeight = (height + factor - 1) / factor;
        assertThat(reduced).hasSize(outWidth * outHeight);
        for (int by = 0; by < outHeight; by++) {
            for (int bx = 0; bx < outWidth; bx++) {
                long[] sum = new long[4];
                long count = 0;
                for (int y = by * factor; y < Math.min(height, (by + 1) * factor); y++) {
                    for (int x = bx * factor; x < Math.min(width, (bx + 1) * factor); x++, count++) {
                        int at = 2 + x * samples;
                        int alpha = samples == 4 ? rows[y][at + 3] & 0xFF : 255;
                        for (int c = 0; c < 3; c++) {
                            int v = rows[y][at + c] & 0xFF;
                            sum[c] += layout == BoxReduce.Layout.RGBA_UNASSOCIATED ? (v * alpha + 127) / 255 : v;
                        }
                        sum[3] += alpha;
                    }
                }
                int expected = 0;
                for (int c : new int[] {3, 0, 1, 2}) {
                    expected = expected << 8 | (int) ((sum[c] + count / 2) / count);
                }
                assertThat(reduced[by * outWidth + bx]).as("box %d,%d", bx, by).isEqualTo(expected);
            }
        }
    }
}
