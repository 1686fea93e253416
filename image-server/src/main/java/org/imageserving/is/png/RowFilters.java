package org.imageserving.is.png;

/**
 * Undoes PNG's row filters (PNG specification, section 9) in place. Paeth, which encoders pick for most rows of a
 * photo, chooses among three neighbours by comparisons that a branch predictor cannot guess on photo data; it is
 * written here without branches (masks from the signs of the differences), which made a 12 MP Paeth-filtered PNG's
 * unfiltering several times cheaper, and for 3 and 4 bytes a pixel the left neighbours stay in registers.
 */
final class RowFilters {
    private RowFilters() {}

    /** Undoes filter {@code type} on {@code row} given the unfiltered {@code prior} row; false for an unknown type. */
    static boolean undo(int type, byte[] row, byte[] prior, int bpp) {
        int n = row.length;
        switch (type) {
            case 0 -> { }
            case 1 -> {
                for (int i = bpp; i < n; i++) {
                    row[i] += row[i - bpp];
                }
            }
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    row[i] += prior[i];
                }
            }
            case 3 -> {
                for (int i = 0; i < bpp; i++) {
                    row[i] += (byte) ((prior[i] & 0xFF) >>> 1);
                }
                for (int i = bpp; i < n; i++) {
                    row[i] += (byte) (((row[i - bpp] & 0xFF) + (prior[i] & 0xFF)) >>> 1);
                }
            }
            case 4 -> paeth(row, prior, bpp);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void paeth(byte[] row, byte[] prior, int bpp) {
        int n = row.length;
        for (int i = 0; i < Math.min(bpp, n); i++) {
            row[i] += prior[i]; // no left neighbours: the predictor is the byte above
        }
        if (bpp == 3) {
            paeth3(row, prior);
        } else if (bpp == 4) {
            paeth4(row, prior);
        } else {
            for (int i = bpp; i < n; i++) {
                row[i] += (byte) predict(row[i - bpp] & 0xFF, prior[i] & 0xFF, prior[i - bpp] & 0xFF);
            }
        }
    }

    /** Three bytes a pixel (8-bit RGB): the left pixel and the one above it kept in locals. */
    private static void paeth3(byte[] row, byte[] prior) {
        int n = row.length - row.length % 3;
        if (n < 6) {
            return;
        }
        int a0 = row[0] & 0xFF, a1 = row[1] & 0xFF, a2 = row[2] & 0xFF;
        int c0 = prior[0] & 0xFF, c1 = prior[1] & 0xFF, c2 = prior[2] & 0xFF;
        for (int i = 3; i < n; i += 3) {
            int b0 = prior[i] & 0xFF, b1 = prior[i + 1] & 0xFF, b2 = prior[i + 2] & 0xFF;
            a0 = row[i] + predict(a0, b0, c0) & 0xFF;
            a1 = row[i + 1] + predict(a1, b1, c1) & 0xFF;
            a2 = row[i + 2] + predict(a2, b2, c2) & 0xFF;
            row[i] = (byte) a0;
            row[i + 1] = (byte) a1;
            row[i + 2] = (byte) a2;
            c0 = b0;
            c1 = b1;
            c2 = b2;
        }
    }

    /** Four bytes a pixel (8-bit RGBA, 16-bit gray with alpha): as {@link #paeth3}. */
    private static void paeth4(byte[] row, byte[] prior) {
        int n = row.length - row.length % 4;
        if (n < 8) {
            return;
        }
        int a0 = row[0] & 0xFF, a1 = row[1] & 0xFF, a2 = row[2] & 0xFF, a3 = row[3] & 0xFF;
        int c0 = prior[0] & 0xFF, c1 = prior[1] & 0xFF, c2 = prior[2] & 0xFF, c3 = prior[3] & 0xFF;
        for (int i = 4; i < n; i += 4) {
            int b0 = prior[i] & 0xFF, b1 = prior[i + 1] & 0xFF, b2 = prior[i + 2] & 0xFF, b3 = prior[i + 3] & 0xFF;
            a0 = row[i] + predict(a0, b0, c0) & 0xFF;
            a1 = row[i + 1] + predict(a1, b1, c1) & 0xFF;
            a2 = row[i + 2] + predict(a2, b2, c2) & 0xFF;
            a3 = row[i + 3] + predict(a3, b3, c3) & 0xFF;
            row[i] = (byte) a0;
            row[i + 1] = (byte) a1;
            row[i + 2] = (byte) a2;
            row[i + 3] = (byte) a3;
            c0 = b0;
            c1 = b1;
            c2 = b2;
            c3 = b3;
        }
    }

    /**
     * The Paeth predictor of left {@code a}, above {@code b} and upper left {@code c} (0 to 255 each): {@code a} when
     * {@code pa <= pb && pa <= pc}, else {@code b} when {@code pb <= pc}, else {@code c}; the comparisons become masks
     * from the sign bit of each difference (all of them lie within ±1020).
     */
    static int predict(int a, int b, int c) {
        int pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - c - c);
        int notB = (pc - pb) >> 31; // pb > pc: c rather than b
        int bc = b ^ (b ^ c) & notB;
        int notA = (pb - pa | pc - pa) >> 31; // pa > pb or pa > pc: not a
        return a ^ (a ^ bc) & notA;
    }
}
