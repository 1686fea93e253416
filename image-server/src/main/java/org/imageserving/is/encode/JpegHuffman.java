package org.imageserving.is.encode;

/** A canonical Huffman table of a JPEG file (Annex C): counts per code length, and the symbols in code order. */
final class JpegHuffman {
    private final int[] maxCode = new int[18], valueOffset = new int[17];
    private final int[] symbols;
    private final int[] code = new int[256], length = new int[256];

    JpegHuffman(int[] counts, int[] symbols) {
        this.symbols = symbols;
        int c = 0, k = 0;
        for (int l = 1; l <= 16; l++) {
            valueOffset[l] = k - c;
            for (int i = 0; i < counts[l]; i++) {
                code[symbols[k]] = c;
                length[symbols[k]] = l;
                k++;
                c++;
            }
            maxCode[l] = counts[l] == 0 ? -1 : c - 1;
            c <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE;
    }

    int decode(JpegBits.Reader in) {
        int c = in.bit();
        int l = 1;
        while (l <= 16 && c > maxCode[l]) {
            c = (c << 1) | in.bit();
            l++;
        }
        if (l > 16) {
            throw new IllegalArgumentException("bad Huffman code");
        }
        return symbols[c + valueOffset[l]];
    }

    void encode(JpegBits.Writer out, int symbol) {
        if (length[symbol] == 0) {
            throw new IllegalArgumentException("no Huffman code for symbol " + symbol);
        }
        out.write(code[symbol], length[symbol]);
    }
}
