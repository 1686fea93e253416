package org.imageserving.is.gif;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The LZW code stream of one GIF image (GIF89a, appendix F), read from its data sub-blocks and decoded into rows of
 * palette indices in the order the encoder wrote them. Every deviation (a code past the table, a first code that is
 * not a literal, an end-of-information code or the end of the data before the caller has its rows) ends the stream:
 * the caller then hands the file to the ImageIO path, which decides what the damage means.
 *
 * <p>A table entry is where its string was first written in the output and its length, not a prefix chain: the
 * string of a new entry is the previous code's output and the next byte, which the output holds already. Decoding a
 * code is then one copy from earlier output, where a chain walk costs a dependent load per byte; a dithered photo
 * spends a code on every one or two pixels, so the per-code cost is what counts.
 *
 * <p>Only the output the table still points into is kept: what was written since the last clear code, and the rows
 * not yet handed over. The buffer is compacted when it fills and grows only when that region does not fit, so a
 * dithered photo (a clear code every few thousand pixels) decodes in a buffer of a few rows that stays in the cache,
 * where keeping the whole image cost a 12 MB array per 12 MP reply and, under the Image Server's serial collector,
 * a collection pause for every reply. An encoder that never clears a full table makes the kept region, and the
 * buffer, grow up to the image.
 */
final class GifLzw {
    private static final int MAX_CODES = 4096;
    /** Room past the write position: one string is at most a whole table long, and a short copy writes a word. */
    private static final int SLACK = MAX_CODES + 8;
    /** Where the output starts in the buffer: the literals' one-byte strings come before. */
    private static final int FIRST = 256;
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final InputStream in;
    private final int firstBuffer;
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

    /** Takes the decoded rows, top to bottom as written (an interlaced image's passes one after the other). */
    @FunctionalInterface
    interface RowSink {
        /** Row {@code row} is {@code width} indices from {@code at} of {@code buffer}; false stops the decoding. */
        boolean accept(int row, byte[] buffer, int at);
    }

    /** @param in positioned on the first data sub-block, after the minimum code size byte */
    GifLzw(InputStream in, int minCodeSize) {
        this(in, minCodeSize, 1 << 16);
    }

    /** @param firstBuffer the room for output the buffer starts with (at least four rows): small in tests */
    GifLzw(InputStream in, int minCodeSize, int firstBuffer) {
        this.firstBuffer = firstBuffer;
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
     * Hands the first {@code rows} rows of {@code width} indices to {@code sink}; false when the stream ends or breaks
     * first, or the sink stops it.
     */
    boolean decode(int width, int rows, RowSink sink) throws IOException {
        out = new byte[FIRST + Math.max(firstBuffer, 4 * width) + SLACK];
        for (int i = 0; i < clear; i++) { // the literals are strings written before the first pixel
            out[i] = (byte) i;
            offset[i] = i;
            length[i] = 1;
        }
        codeSize = minCodeSize + 1;
        mask = (1 << codeSize) - 1;
        next = clear + 2;
        previous = -1;
        at = FIRST;
        tableStart = FIRST;
        int rowAt = FIRST, row = 0;
        while (true) {
            if (!decodeUntil(Math.min(out.length - SLACK, rowAt + width))) {
                return false;
            }
            for (; at - rowAt >= width; rowAt += width, row++) {
                if (row == rows) {
                    return true;
                }
                if (!sink.accept(row, out, rowAt)) {
                    return false;
                }
            }
            if (row == rows) {
                return true;
            }
            if (at >= out.length - SLACK) { // full: keep what the table and the next row need, at the front
                int keep = Math.min(tableStart, rowAt), shift = keep - FIRST;
                System.arraycopy(out, keep, out, FIRST, at - keep);
                for (int code = clear + 2; code < next; code++) {
                    offset[code] -= shift;
                }
                at -= shift;
                rowAt -= shift;
                tableStart -= shift;
                previousAt -= shift;
                if (out.length - SLACK - at < (out.length - SLACK) / 4) { // mostly kept: compacting again soon
                    out = Arrays.copyOf(out, 2 * out.length);
                }
            }
        }
    }

    /** The length of the output buffer the last decode ended with, for tests of what it keeps. */
    int bufferLength() {
        return out.length;
    }

    // The decoder's state between runs of decodeUntil, which works on local copies: its loop is the hot one.
    private byte[] out;
    private long bits;
    private int bitCount, codeSize, mask, next, previous, previousAt, previousLength, at, tableStart;

    /** Decodes codes until the output reaches {@code stop}; false when the stream ends or breaks first. */
    private boolean decodeUntil(int stop) throws IOException {
        byte[] out = this.out, data = this.data;
        int[] offset = this.offset, length = this.length;
        long bits = this.bits;
        int bitCount = this.bitCount, codeSize = this.codeSize, mask = this.mask, next = this.next;
        int previous = this.previous, previousAt = this.previousAt, previousLength = this.previousLength;
        int at = this.at;
        boolean intact = true;
        while (at < stop) {
            if (bitCount < codeSize) {
                if (dataLength - dataAt >= 8) {
                    // as many whole bytes as fit, in one read; the part of the next byte that also lands in the top
                    // bits is that byte's own bits, which the read that takes it ORs in again unchanged
                    bits |= (long) WORD.get(data, dataAt) << bitCount;
                    int bytes = (63 - bitCount) >>> 3;
                    dataAt += bytes;
                    bitCount += bytes << 3;
                } else {
                    while (bitCount < codeSize) {
                        if (dataAt == dataLength && !fill()) {
                            return false;
                        }
                        bits |= (long) (data[dataAt++] & 0xFF) << bitCount;
                        bitCount += 8;
                    }
                }
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
                tableStart = at;
                continue;
            } else if (code == end) {
                intact = false; // the end before the pixels
                break;
            } else if (code < next) {
                written = length[code];
                copy(out, offset[code], at, written);
            } else if (code == next && previous >= 0) { // the string being defined: the previous and its first byte
                copy(out, previousAt, at, previousLength);
                out[at + previousLength] = out[previousAt];
                written = previousLength + 1;
            } else {
                intact = false; // past the table
                break;
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
        this.bits = bits;
        this.bitCount = bitCount;
        this.codeSize = codeSize;
        this.mask = mask;
        this.next = next;
        this.previous = previous;
        this.previousAt = previousAt;
        this.previousLength = previousLength;
        this.at = at;
        return intact;
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
