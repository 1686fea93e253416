package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The box reduce against its definition, computed here pixel by pixel: each output pixel is the rounded mean of the
 * premultiplied samples of its box (the last box of a row or column takes what remains). Widths whose rows are not a
 * whole number of vector steps, factors of 1, of one that leaves a partial last box, and of more than the 16 × 16
 * boxes whose palette sums stay packed, for each way of adding a row, with the Vector API and without; the pixels must
 * be the same integers.
 */
class BoxReduceTest {
    /** The summable samples (red, green, blue, alpha; premultiplied) of source pixel x, y. */
    private interface Source {
        int[] at(int x, int y);
    }

    @ParameterizedTest(name = "{0} {1}x{2} by {3}, vectors {4}")
    @CsvSource({"RGB,1,1,1,true", "RGB,401,267,1,true", "RGB,401,267,5,true", "RGB,7,700,300,true",
            "RGB,1203,9,4,true", "RGB,401,267,5,false", "RGBA_PREMULTIPLIED,401,267,3,true",
            "RGBA_PREMULTIPLIED,5,600,300,true", "RGBA_PREMULTIPLIED,401,267,3,false",
            "RGBA_UNASSOCIATED,401,267,6,true", "RGBA_UNASSOCIATED,3,3,2,true"})
    void everyPixelIsTheRoundedMeanOfItsBox(BoxReduce.Layout layout, int width, int height, int factor,
                                            boolean vectors) {
        int samples = layout.samples();
        Random random = new Random(width * 7919L + height * 31L + factor);
        byte[][] rows = new byte[height][width * samples + 5]; // rows start at an offset inside a longer array
        for (byte[] row : rows) {
            random.nextBytes(row);
            if (factor > 257) { // bright: a column's sum passes 16 bits within one band
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
        BoxReduce box = new BoxReduce(width, height, factor, vectors);
        for (byte[] row : rows) {
            box.add(row, 2, layout);
        }
        assertBoxMeans(box, width, height, factor, (x, y) -> {
            int at = 2 + x * samples;
            int alpha = samples == 4 ? rows[y][at + 3] & 0xFF : 255;
            int[] pixel = new int[] {0, 0, 0, alpha};
            for (int c = 0; c < 3; c++) {
                int v = rows[y][at + c] & 0xFF;
                pixel[c] = layout == BoxReduce.Layout.RGBA_UNASSOCIATED ? (v * alpha + 127) / 255 : v;
            }
            return pixel;
        });
    }

    @Test
    void everySixteenBitValueRoundsAsTheDivisionDid() {
        byte[] sixteen = new byte[2 * 65536], eight = new byte[65536];
        for (int v = 0; v < 65536; v++) {
            assertThat(BoxReduce.eight(v >> 8, v & 0xFF)).as("v=%d", v).isEqualTo((v * 255 + 32767) / 65535);
            sixteen[2 * v] = (byte) (v >> 8);
            sixteen[2 * v + 1] = (byte) v;
        }
        BoxReduce.toEight(sixteen, eight);
        for (int v = 0; v < 65536; v++) {
            assertThat(eight[v] & 0xFF).as("v=%d", v).isEqualTo((v * 255 + 32767) / 65535);
        }
    }

    @ParameterizedTest(name = "{0}x{1} by {2}, vectors {3}")
    @CsvSource({"1,1,1,true", "37,23,1,true", "401,267,5,true", "403,301,6,false", "100,90,17,true"})
    void sixteenBitRowsAreTheirRoundedSamplesMeans(int width, int height, int factor, boolean vectors) {
        Random random = new Random(width * 31L + factor);
        byte[][] rows = new byte[height][14 + 6 * width];
        BoxReduce box = new BoxReduce(width, height, factor, vectors);
        for (byte[] row : rows) {
            random.nextBytes(row);
            box.addRgb16(row, 14);
        }
        assertBoxMeans(box, width, height, factor, (x, y) -> {
            int[] pixel = {0, 0, 0, 255};
            for (int c = 0; c < 3; c++) {
                int at = 14 + 6 * x + 2 * c, v = (rows[y][at] & 0xFF) << 8 | rows[y][at + 1] & 0xFF;
                pixel[c] = (v * 255 + 32767) / 65535;
            }
            return pixel;
        });
    }

    @ParameterizedTest(name = "{0}x{1} by {2}")
    @CsvSource({"1,1,1", "37,23,1", "401,267,5", "100,90,16", "100,90,17", "300,40,300"})
    void indexedRowsAreTheirColoursMeans(int width, int height, int factor) {
        Random random = new Random(width * 31L + factor);
        int[] palette = new int[200]; // indices from 200 have no colour: addIndexed reports the largest of a row
        for (int i = 0; i < palette.length; i++) {
            palette[i] = Pixels.premultiply(random.nextInt());
        }
        long[] lanes = BoxReduce.lanes(palette);
        byte[][] rows = new byte[height][7 + width];
        BoxReduce box = new BoxReduce(width, height, factor);
        for (byte[] row : rows) {
            random.nextBytes(row);
            int largest = 0;
            for (int x = 0; x < width; x++) {
                largest = Math.max(largest, row[7 + x] & 0xFF);
            }
            int reported = box.addIndexed(row, 7, lanes);
            assertThat(reported).isEqualTo(largest);
            if (largest >= palette.length) { // what a decoder refuses, given a colour here to reach the sums
                for (int x = 0; x < width; x++) {
                    row[7 + x] = (byte) ((row[7 + x] & 0xFF) % palette.length);
                }
            }
        }
        // the rows above were summed with the refused indices' transparent black; sum them again, all coloured
        box = new BoxReduce(width, height, factor);
        for (byte[] row : rows) {
            box.addIndexed(row, 7, lanes);
        }
        assertBoxMeans(box, width, height, factor, (x, y) -> {
            int c = palette[rows[y][7 + x] & 0xFF];
            return new int[] {c >> 16 & 0xFF, c >> 8 & 0xFF, c & 0xFF, c >>> 24};
        });
    }

    private static void assertBoxMeans(BoxReduce box, int width, int height, int factor, Source source) {
        int[] reduced = Pixels.data(box.result());
        int outWidth = (width + factor - 1) / factor, outHeight = (height + factor - 1) / factor;
        assertThat(reduced).hasSize(outWidth * outHeight);
        for (int by = 0; by < outHeight; by++) {
            for (int bx = 0; bx < outWidth; bx++) {
                long[] sum = new long[4];
                long count = 0;
                for (int y = by * factor; y < Math.min(height, (by + 1) * factor); y++) {
                    for (int x = bx * factor; x < Math.min(width, (bx + 1) * factor); x++, count++) {
                        int[] pixel = source.at(x, y);
                        for (int c = 0; c < 4; c++) {
                            sum[c] += pixel[c];
                        }
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
