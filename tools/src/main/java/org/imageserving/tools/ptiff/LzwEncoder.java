package org.imageserving.tools.ptiff;

import java.io.ByteArrayOutputStream;

/**
 * TIFF LZW (compression 5): codes written most significant bit first, 9 to 12 bits wide, with the code width growing
 * one code "early" as every TIFF reader since Aldus expects. A clear code starts the stream and resets a full table;
 * an end-of-information code ends it.
 */
final class LzwEncoder {
    private static final int CLEAR = 256;
    private static final int EOI = 257;
    private static final int FIRST_FREE = 258;
    private static final int TABLE_FULL = 4094;

    /** (prefix code × 256 + next byte) → code + 1; an entry counts only when its stamp is the current generation. */
    private final int[] codes = new int[4096 * 256];
    private final int[] stamps = new int[4096 * 256];
    private int generation;

    private ByteArrayOutputStream out;
    private int bitBuffer;
    private int bitCount;
    private int width;
    private int freeCode;

    byte[] encode(byte[] data, int length) {
        out = new ByteArrayOutputStream(length / 2 + 16);
        bitBuffer = 0;
        bitCount = 0;
        reset();
        put(CLEAR);
        if (length > 0) {
            int prefix = data[0] & 0xFF;
            for (int i = 1; i < length; i++) {
                int next = data[i] & 0xFF;
                int key = (prefix << 8) | next;
                if (stamps[key] == generation) {
                    prefix = codes[key];
                    continue;
                }
                put(prefix);
                stamps[key] = generation;
                codes[key] = freeCode++;
                growOrReset();
                prefix = next;
            }
            put(prefix);
            freeCode++;
            if (freeCode == TABLE_FULL) {
                put(CLEAR);
                width = 9;
            } else if (freeCode > (1 << width) - 1) {
                width++;
            }
        }
        put(EOI);
        if (bitCount > 0) {
            out.write(bitBuffer << (8 - bitCount));
        }
        return out.toByteArray();
    }

    private void growOrReset() {
        if (freeCode == TABLE_FULL) {
            put(CLEAR);
            reset();
        } else if (freeCode > (1 << width) - 1) {
            width++;
        }
    }

    private void reset() {
        generation++;
        freeCode = FIRST_FREE;
        width = 9;
    }

    private void put(int code) {
        bitBuffer = (bitBuffer << width) | code;
        bitCount += width;
        while (bitCount >= 8) {
            out.write((bitBuffer >>> (bitCount - 8)) & 0xFF);
            bitCount -= 8;
        }
        bitBuffer &= (1 << bitCount) - 1;
    }
}
