package org.imageserving.is.encode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OptimalHuffmanTest {

    /** Code length of each symbol in code order. */
    private static int[] lengths(int[][] table) {
        int[] lengths = new int[table[1].length];
        int k = 0;
        for (int l = 1; l <= 16; l++) {
            for (int i = 0; i < table[0][l]; i++) {
                lengths[k++] = l;
            }
        }
        return lengths;
    }

    @Test
    void skewedCountsStillGiveCodesOfAtMost16BitsAndNoAllOnesCode() {
        // Fibonacci counts would need a 30-bit code without the length limit
        long[] frequencies = new long[257];
        long a = 1, b = 1;
        for (int s = 0; s < 30; s++) {
            frequencies[s] = a;
            long next = a + b;
            a = b;
            b = next;
        }
        int[][] table = OptimalHuffman.table(frequencies);
        assertThat(table[1]).hasSize(30);
        double kraft = 0;
        for (int l : lengths(table)) {
            assertThat(l).isBetween(1, 16);
            kraft += Math.pow(2, -l);
        }
        assertThat(kraft).as("a code point is left for the reserved all-ones code").isLessThan(1);
    }

    @Test
    void moreFrequentSymbolsGetCodesNoLonger() {
        long[] frequencies = new long[257];
        frequencies[0x00] = 1000;
        frequencies[0x11] = 100;
        frequencies[0x21] = 10;
        frequencies[0xF0] = 1;
        int[][] table = OptimalHuffman.table(frequencies);
        assertThat(table[1]).containsExactly(0x00, 0x11, 0x21, 0xF0);
        int[] lengths = lengths(table);
        assertThat(lengths).isSorted();
        assertThat(lengths[0]).isEqualTo(1);
    }
}
