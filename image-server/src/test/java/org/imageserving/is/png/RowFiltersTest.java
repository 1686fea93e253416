package org.imageserving.is.png;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The row filters against the PNG specification's own formulation (section 9), byte for byte, on random rows. */
class RowFiltersTest {
    @ParameterizedTest(name = "{0} bytes a pixel, {1} pixels")
    @CsvSource({"1,1", "1,333", "2,17", "3,1", "3,2", "3,401", "4,1", "4,267", "6,1", "6,401", "8,3", "8,129"})
    void everyFilterUndoesAsTheSpecificationSays(int bpp, int pixels) {
        Random random = new Random(bpp * 1000L + pixels);
        for (int type = 0; type <= 4; type++) {
            for (int round = 0; round < 20; round++) {
                byte[] prior = new byte[bpp * pixels], row = new byte[bpp * pixels];
                random.nextBytes(prior);
                random.nextBytes(row);
                byte[] expected = row.clone();
                reference(type, expected, prior, bpp);
                assertThat(RowFilters.undo(type, row, prior, bpp)).isTrue();
                assertThat(row).as("filter %d", type).isEqualTo(expected);
            }
        }
    }

    @Test
    void thePredictorIsPaethsForEveryNeighbourhood() {
        for (int a = 0; a < 256; a += 3) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0; c < 256; c += 5) {
                    int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
                    int expected = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                    if (RowFilters.predict(a, b, c) != expected) {
                        assertThat(RowFilters.predict(a, b, c)).as("a=%d b=%d c=%d", a, b, c).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void anUnknownFilterIsRefused() {
        assertThat(RowFilters.undo(5, new byte[6], new byte[6], 3)).isFalse();
    }

    /** Section 9.2's definitions, one byte at a time, as the decoder had them. */
    private static void reference(int type, byte[] row, byte[] prior, int bpp) {
        for (int i = 0; i < row.length; i++) {
            int a = i >= bpp ? row[i - bpp] & 0xFF : 0, b = prior[i] & 0xFF, c = i >= bpp ? prior[i - bpp] & 0xFF : 0;
            int p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
            row[i] += (byte) switch (type) {
                case 1 -> a;
                case 2 -> b;
                case 3 -> (a + b) >>> 1;
                case 4 -> pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                default -> 0;
            };
        }
    }
}
