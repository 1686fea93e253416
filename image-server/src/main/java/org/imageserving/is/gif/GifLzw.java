package org.imageserving.is.gif;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The LZW code stream of one GIF image (GIF89a, appendix F), read from its data sub-blocks and decoded into palette
 * indices in the order the encoder wrote them. Every deviation (a code past the table, a first code that is not a
 * literal, an end-of-information code or the end of the data before the caller has its pixels) ends the stream: the
 * caller then hands the file to the ImageIO path, which decides what the damage means.
 *
 * <p>A table entry is where its string was first written in the output and its length, not a prefix chain: the
 * string of a new entry is the previous code's output and the next byte, which the output holds already. Decoding a
 * code is then one copy from earlier output, where a chain walk costs a dependent load per byte; a dithered photo
 * spends a code on every one or two pixels, so the per-code cost is what counts.
 */
final class GifLzw {
    private static final int MAX_CODES = 4096;
    /** Room past the pixels asked for: the last string may run over them by up to a whole table entry. */
    private static final int SLACK = MAX_CODES + 8;
    /** Where the pixels start in the decoded array: the literals' one-byte strings come before. */
    static final int FIRST = 256;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final InputStream in;
    private final int minCodeSize;
    private final int clear;
    private final int end;
    private final int[] offset = new int[MAX_CODES];
    private final int[] length = new int[MAX_CODES];
    /** Sub-block payloads gathered: the code reader sees one run of bytes. */
    private final byte[] data = new byte[1 << 16];
    private int dataLength;
    private int dataAt;
    private boolean dataEnded;

    /** @param in positioned on the first data sub-block, after the minimum code size byte */
    GifLzw(InputStream in, int minCodeSize) {
        this.in = in;
        this.minCodeSize = minCodeSize;
        this.clear = 1 << minCodeSize;
        this.end = clear + 1;
    }

    /** The minimum code sizes of images with 1 to 8 bits per index; others are left to the ImageIO path. */
    static boolean supports(int minCodeSize) {
        return minCodeSize >= 2 && minCodeSize <= 8;
    }

    /**
     * The first {@code pixels} indices, from {@link #FIRST} on in the array returned (which is longer); null when the
     * stream ends or breaks first.
     */
    byte[] decode(int pixels) throws IOException {
        byte[] out = new byte[FIRST + pixels + SLACK];
        int[] offset = this.offset, length = this.length;
        for (int i = 0; i < clear; i++) { // the literals are strings written before the first pixel
            out[i] = (byte) i;
            offset[i] = i;
            length[i] = 1;
        }
        int codeSize = minCodeSize + 1, mask = (1 << codeSize) - 1, next = clear + 2;
        int previous = -1, previousAt = 0, previousLength = 0;
        long bits = 0;
        int bitCount = 0;
        int at = FIRST, stop = FIRST + pixels;
        byte[] data = this.data;
        while (at < stop) {
            while (bitCount < codeSize) {
                if (dataAt == dataLength && !fill()) {
                    return null;
                }
                bits |= (long) (data[dataAt++] & 0xFF) << bitCount;
                bitCount += 8;
            }
            int code = (int) bits & mask;
            bits >>>= codeSize;
            bitCount -= codeSize;
            int written;
            if (code == clear) {
                codeSize = minCodeSize + 1;
                mask = (1 << codeSize) - 1;
                next = clear + 2;
                previous = -1;
                continue;
            } else if (code == end) {
                return null; // the end before the pixels
            } else if (code < next) {
                written = length[code];
                copy(out, offset[code], at, written);
            } else if (code == next && previous >= 0) { // the string being defined: the previous and its first byte
                copy(out, previousAt, at, previousLength);
                out[at + previousLength] = out[previousAt];
                written = previousLength + 1;
            } else {
                return null; // past the table
            }
            if (previous >= 0 && next < MAX_CODES) {
                offset[next] = previousAt;
                length[next] = previousLength + 1;
                next++;
                if (next == mask + 1 && codeSize < 12) {
                    codeSize++;
                    mask = (1 << codeSize) - 1;
                }
            }
            previous = code;
            previousAt = at;
            previousLength = written;
            at += written;
        }
        return out;
    }

    /**
     * Copies a string of earlier output to {@code to}. A short one is copied as one 8-byte word whatever its length:
     * the bytes past it are rewritten by the strings that follow, and one unconditional move beats a loop whose
     * length a dithered image makes unpredictable. The source always ends at or before {@code to}.
     */
    private static void copy(byte[] out, int from, int to, int count) {
        if (count <= 8) {
            WORD.set(out, to, (long) WORD.get(out, from));
        } else {
            System.arraycopy(out, from, out, to, count);
        }
    }

    /** The next sub-blocks' payloads into {@link #data}; false when the data ended (a zero-length block, or EOF). */
    private boolean fill() throws IOException {
        dataLength = 0;
        dataAt = 0;
        while (!dataEnded && dataLength <= data.length - 255) {
            int size = in.read();
            if (size <= 0 || in.readNBytes(data, dataLength, size) != size) {
                dataEnded = true;
                break;
            }
            dataLength += size;
        }
        return dataLength > 0;
    }
}
