package org.imageserving.is.gif;

import java.io.IOException;
import java.io.InputStream;

/**
 * The LZW code stream of one GIF image (GIF89a, appendix F), read from its data sub-blocks and decoded into palette
 * indices in the order the encoder wrote them. Every deviation (a code past the table, a first code that is not a
 * literal, an end-of-information code or the end of the data before the caller has its pixels) ends the stream: the
 * caller then hands the file to the ImageIO path, which decides what the damage means.
 */
final class GifLzw {
    private static final int MAX_CODES = 4096;
    private final InputStream in;
    private final int minCodeSize;
    private final int clear;
    private final int end;
    private final short[] prefix = new short[MAX_CODES];
    private final byte[] suffix = new byte[MAX_CODES];
    /** The current string, last byte first: LZW spells a string from its end. */
    private final byte[] stack = new byte[MAX_CODES + 1];
    private final byte[] block = new byte[255];
    private int stackTop;
    private int blockLength;
    private int blockAt;
    private boolean dataEnded;
    private int bits;
    private int bitCount;
    private int codeSize;
    private int next;
    private int old = -1;
    private byte first;

    /** @param in positioned on the first data sub-block, after the minimum code size byte */
    GifLzw(InputStream in, int minCodeSize) {
        this.in = in;
        this.minCodeSize = minCodeSize;
        this.clear = 1 << minCodeSize;
        this.end = clear + 1;
        for (int i = 0; i < clear; i++) {
            suffix[i] = (byte) i;
        }
        reset();
    }

    /** The minimum code sizes of images with 1 to 8 bits per index; others are left to the ImageIO path. */
    static boolean supports(int minCodeSize) {
        return minCodeSize >= 2 && minCodeSize <= 8;
    }

    /** Fills {@code out[0, length)} with the next indices; false when the stream ends or breaks first. */
    boolean read(byte[] out, int length) throws IOException {
        int i = 0;
        while (i < length) {
            if (stackTop > 0) {
                int take = Math.min(stackTop, length - i);
                for (int k = 0; k < take; k++) {
                    out[i++] = stack[--stackTop];
                }
                continue;
            }
            int code = code();
            if (code < 0 || code == end) {
                return false;
            }
            if (code == clear) {
                reset();
                continue;
            }
            if (old < 0) {
                if (code > clear) {
                    return false;
                }
                out[i++] = (byte) code;
                first = (byte) code;
                old = code;
                continue;
            }
            int incoming = code;
            if (code > next || code == next && next == MAX_CODES) {
                return false;
            }
            if (code == next) { // the string being defined: the previous one and its own first byte
                stack[stackTop++] = first;
                code = old;
            }
            while (code > end) {
                stack[stackTop++] = suffix[code];
                code = prefix[code];
            }
            if (code >= clear) {
                return false;
            }
            first = (byte) code;
            stack[stackTop++] = first;
            if (next < MAX_CODES) {
                prefix[next] = (short) old;
                suffix[next] = first;
                next++;
                if (next == 1 << codeSize && codeSize < 12) {
                    codeSize++;
                }
            }
            old = incoming;
        }
        return true;
    }

    private void reset() {
        codeSize = minCodeSize + 1;
        next = clear + 2;
        old = -1;
    }

    /** The next code, least significant bit first across the sub-blocks; -1 when the data ends. */
    private int code() throws IOException {
        while (bitCount < codeSize) {
            if (blockAt == blockLength && !nextBlock()) {
                return -1;
            }
            bits |= (block[blockAt++] & 0xFF) << bitCount;
            bitCount += 8;
        }
        int code = bits & (1 << codeSize) - 1;
        bits >>>= codeSize;
        bitCount -= codeSize;
        return code;
    }

    private boolean nextBlock() throws IOException {
        if (dataEnded) {
            return false;
        }
        int length = in.read();
        if (length <= 0 || in.readNBytes(block, 0, length) != length) {
            dataEnded = true;
            return false;
        }
        blockLength = length;
        blockAt = 0;
        return true;
    }
}
