package org.imageserving.is.encode;

import java.io.ByteArrayOutputStream;

/** The bit level of a JPEG scan (Annex F): most significant bit first, byte stuffing, padding with ones. */
final class JpegBits {
    private JpegBits() {}

    /** Reads entropy-coded data bit by bit, skipping the stuffed zero after each 0xFF. */
    static final class Reader {
        private final byte[] b;
        private int p, bits, count;

        Reader(byte[] b, int p) {
            this.b = b;
            this.p = p;
        }

        int bit() {
            if (count == 0) {
                int v = b[p++] & 0xFF;
                if (v == 0xFF) {
                    int next = b[p] & 0xFF;
                    if (next == 0) {
                        p++;
                    } else {
                        v = 0; // a marker: the data has ended; pad with zeros (never read by valid data)
                        p--;
                    }
                }
                bits = v;
                count = 8;
            }
            count--;
            return (bits >> count) & 1;
        }

        int bits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }
    }

    /** Writes entropy-coded data, stuffing a zero after each 0xFF byte. */
    static final class Writer {
        private final ByteArrayOutputStream out;
        private int bits, count;

        Writer(ByteArrayOutputStream out) {
            this.out = out;
        }

        void write(int value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                bits = (bits << 1) | ((value >> i) & 1);
                if (++count == 8) {
                    emit();
                }
            }
        }

        private void emit() {
            out.write(bits);
            if (bits == 0xFF) {
                out.write(0); // byte stuffing
            }
            bits = 0;
            count = 0;
        }

        /** Pads the last byte with 1 bits, as the standard asks. */
        void flush() {
            if (count > 0) {
                write(0x7F, 8 - count);
            }
        }
    }
}
