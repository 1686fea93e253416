package org.imageserving.common.imaging.tiff;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One tag's values as stored: kept as bytes and widened to numbers only when asked, so a large blob (an ICC profile,
 * a tile table) costs its size once rather than eight bytes per value.
 */
record TiffEntry(int type, long count, byte[] bytes, ByteOrder order) {
    static final int BYTE = 1, ASCII = 2, SHORT = 3, LONG = 4, RATIONAL = 5, SBYTE = 6, UNDEFINED = 7, SSHORT = 8,
            SLONG = 9, SRATIONAL = 10, FLOAT = 11, DOUBLE = 12, IFD = 13, LONG8 = 16, SLONG8 = 17, IFD8 = 18;

    /** Bytes per value, or 0 for a type this reader does not know (which the TIFF specification says to skip). */
    static int unitSize(int type) {
        return switch (type) {
            case BYTE, ASCII, SBYTE, UNDEFINED -> 1;
            case SHORT, SSHORT -> 2;
            case LONG, SLONG, FLOAT, IFD -> 4;
            case RATIONAL, SRATIONAL, DOUBLE, LONG8, SLONG8, IFD8 -> 8;
            default -> 0;
        };
    }

    /** Integer values widened to long; a rational as numerator then denominator; empty for text and floating point. */
    long[] numbers() {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(order);
        int values = type == RATIONAL || type == SRATIONAL ? (int) count * 2 : (int) count;
        if (type == ASCII || type == FLOAT || type == DOUBLE) {
            return new long[0];
        }
        long[] out = new long[values];
        for (int i = 0; i < values; i++) {
            out[i] = switch (type) {
                case BYTE, UNDEFINED -> in.get(i) & 0xFF;
                case SBYTE -> in.get(i);
                case SHORT -> in.getShort(i * 2) & 0xFFFF;
                case SSHORT -> in.getShort(i * 2);
                case LONG, RATIONAL, IFD -> in.getInt(i * 4) & 0xFFFFFFFFL;
                case SLONG, SRATIONAL -> in.getInt(i * 4);
                default -> in.getLong(i * 8);
            };
        }
        return out;
    }

    /** ASCII values up to the first NUL, trimmed. */
    String text() {
        String value = new String(bytes, StandardCharsets.US_ASCII);
        int nul = value.indexOf('\0');
        return (nul >= 0 ? value.substring(0, nul) : value).strip();
    }
}
