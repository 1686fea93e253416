package org.imageserving.is.render;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Byte mutations of a valid source file, chosen by the fuzzer: bytes and bits changed, 16- and 32-bit fields set to
 * boundary values (sizes, offsets, counts), truncation, a range deleted or repeated. Half the positions fall in the
 * first 512 bytes, where the headers are.
 */
final class ByteMutations {
    private static final int[] BOUNDARIES = {0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF,
            0x80000000, 20_000, 65_500};

    private ByteMutations() {}

    static byte[] apply(byte[] seed, FuzzedDataProvider data) {
        byte[] bytes = seed.clone();
        for (int m = data.consumeInt(1, 8); m > 0 && bytes.length > 4; m--) {
            int at = position(bytes.length, data);
            switch (data.consumeInt(0, 6)) {
                case 0 -> bytes[at] = data.consumeByte();
                case 1 -> bytes[at] ^= (byte) (1 << data.consumeInt(0, 7));
                case 2 -> put(bytes, at, data.pickValue(Arrays.stream(BOUNDARIES).boxed().toList()), 2,
                        data.consumeBoolean());
                case 3 -> put(bytes, at, data.pickValue(Arrays.stream(BOUNDARIES).boxed().toList()), 4,
                        data.consumeBoolean());
                case 4 -> bytes = Arrays.copyOf(bytes, Math.max(1, at));
                case 5 -> {
                    int end = Math.min(bytes.length, at + data.consumeInt(1, 256));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(bytes, 0, at);
                    out.write(bytes, end, bytes.length - end);
                    bytes = out.toByteArray();
                }
                default -> {
                    int end = Math.min(bytes.length, at + data.consumeInt(1, 256));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(bytes, 0, end);
                    for (int r = data.consumeInt(1, 16); r > 0; r--) {
                        out.write(bytes, at, end - at);
                    }
                    out.write(bytes, end, bytes.length - end);
                    bytes = out.toByteArray();
                }
            }
        }
        return bytes;
    }

    private static int position(int length, FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.consumeInt(0, Math.min(length, 512) - 1) : data.consumeInt(0, length - 1);
    }

    private static void put(byte[] bytes, int at, int value, int width, boolean bigEndian) {
        for (int i = 0; i < width && at + i < bytes.length; i++) {
            int shift = bigEndian ? 8 * (width - 1 - i) : 8 * i;
            bytes[at + i] = (byte) (value >>> shift);
        }
    }
}
