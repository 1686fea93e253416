package org.imageserving.is.encode;

/**
 * A Huffman table from symbol counts, as JPEG Annex K.2 builds one: no code longer than 16 bits and none made of ones
 * only (a reserved symbol takes that code point while the lengths are chosen).
 */
final class OptimalHuffman {
    private OptimalHuffman() {}

    /** {@code [counts by length 1..16 (index 0 unused), symbols in code order]}; {@code frequencies} has 257 slots. */
    static int[][] table(long[] frequencies) {
        long[] freq = frequencies.clone();
        freq[256] = 1; // the reserved symbol
        int[] codeSize = new int[257];
        int[] others = new int[257];
        java.util.Arrays.fill(others, -1);
        while (true) {
            int c1 = -1, c2 = -1;
            long v1 = Long.MAX_VALUE, v2 = Long.MAX_VALUE;
            // the two least frequent symbols left; on a tie the higher symbol, as the annex does
            for (int i = 0; i <= 256; i++) {
                if (freq[i] > 0 && freq[i] <= v1) {
                    v1 = freq[i];
                    c1 = i;
                }
            }
            for (int i = 0; i <= 256; i++) {
                if (freq[i] > 0 && freq[i] <= v2 && i != c1) {
                    v2 = freq[i];
                    c2 = i;
                }
            }
            if (c2 < 0) {
                break;
            }
            freq[c1] += freq[c2];
            freq[c2] = 0;
            codeSize[c1]++;
            while (others[c1] >= 0) {
                c1 = others[c1];
                codeSize[c1]++;
            }
            others[c1] = c2;
            codeSize[c2]++;
            while (others[c2] >= 0) {
                c2 = others[c2];
                codeSize[c2]++;
            }
        }
        int[] bits = new int[33];
        for (int i = 0; i <= 256; i++) {
            if (codeSize[i] > 0) {
                bits[codeSize[i]]++;
            }
        }
        // no code longer than 16 bits: move pairs of long codes up, one shorter code down
        for (int i = 32; i > 16; i--) {
            while (bits[i] > 0) {
                int j = i - 2;
                while (bits[j] == 0) {
                    j--;
                }
                bits[i] -= 2;
                bits[i - 1]++;
                bits[j + 1] += 2;
                bits[j]--;
            }
        }
        int longest = 16;
        while (bits[longest] == 0) {
            longest--;
        }
        bits[longest]--; // the reserved symbol's code
        int total = 0;
        int[] counts = new int[17];
        for (int l = 1; l <= 16; l++) {
            counts[l] = bits[l];
            total += bits[l];
        }
        int[] symbols = new int[total];
        int k = 0;
        for (int l = 1; l <= 32 && k < total; l++) {
            for (int s = 0; s < 256 && k < total; s++) {
                if (codeSize[s] == l) {
                    symbols[k++] = s;
                }
            }
        }
        return new int[][] {counts, symbols};
    }
}
