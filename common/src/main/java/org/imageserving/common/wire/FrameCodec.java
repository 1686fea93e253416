package org.imageserving.common.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The framing of the internal protocol. A frame is
 * {@code 'I' 'S' version:u8 type:u8 headerCount:u16 (keyLen:u16 key valueLen:i32 value)* bodyLen:i32 body}, all
 * big-endian, strings in UTF-8. Sizes are checked against a limit before anything is allocated, so a broken or
 * hostile peer cannot make the reader allocate gigabytes.
 */
public final class FrameCodec {
    private static final int MAGIC_1 = 'I';
    private static final int MAGIC_2 = 'S';
    private static final int VERSION = 1;
    /** The most headers a frame may carry (each command and variable of a render request is one). */
    public static final int MAX_HEADERS = 4096;
    /** The most bytes a frame's header names and values may add up to. */
    public static final int MAX_HEADER_BYTES = 1 << 20;

    private FrameCodec() {}

    /**
     * Refuses a frame that {@link #read} would refuse, before anything is written (the header count would otherwise
     * not even fit its 16 bits).
     *
     * @throws FrameTooLargeException naming the limit
     */
    public static void checkSendable(Frame frame) {
        int count = frame.headers().size();
        if (count > MAX_HEADERS) {
            throw new FrameTooLargeException(count + " headers, more than the " + MAX_HEADERS + " a frame may carry");
        }
        long bytes = 0;
        for (Map.Entry<String, String> header : frame.headers().entrySet()) {
            bytes += utf8Length(header.getKey()) + utf8Length(header.getValue());
            if (utf8Length(header.getKey()) > 0xFFFF) {
                throw new FrameTooLargeException("a header name longer than 65535 bytes");
            }
        }
        if (bytes > MAX_HEADER_BYTES) {
            throw new FrameTooLargeException(bytes + " bytes of headers, more than the " + MAX_HEADER_BYTES
                    + " a frame may carry");
        }
    }

    private static long utf8Length(String text) {
        long length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    public static void write(DataOutputStream out, Frame frame) throws IOException {
        checkSendable(frame);
        out.writeByte(MAGIC_1);
        out.writeByte(MAGIC_2);
        out.writeByte(VERSION);
        out.writeByte(frame.type().ordinal());
        out.writeShort(frame.headers().size());
        for (Map.Entry<String, String> header : frame.headers().entrySet()) {
            byte[] key = header.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
            if (key.length > 0xFFFF) {
                throw new WireException("header name too long");
            }
            out.writeShort(key.length);
            out.write(key);
            out.writeInt(value.length);
            out.write(value);
        }
        out.writeInt(frame.body().length);
        out.write(frame.body());
        out.flush();
    }

    /**
     * Reads one frame.
     *
     * @throws EOFException when the peer closed the connection between frames (a normal end)
     * @throws WireException when the bytes are not a valid frame or exceed {@code maxBodyBytes}
     */
    public static Frame read(DataInputStream in, long maxBodyBytes) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed");
        }
        if (first != MAGIC_1 || in.readUnsignedByte() != MAGIC_2) {
            throw new WireException("not an ImageServing frame");
        }
        int version = in.readUnsignedByte();
        if (version != VERSION) {
            throw new WireException("unsupported protocol version " + version);
        }
        FrameType type = FrameType.of(in.readUnsignedByte());
        int count = in.readUnsignedShort();
        if (count > MAX_HEADERS) {
            throw new WireException("too many headers: " + count);
        }
        Map<String, String> headers = new TreeMap<>();
        long headerBytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[in.readUnsignedShort()];
            in.readFully(key);
            int valueLength = in.readInt();
            headerBytes += key.length + (long) valueLength;
            if (valueLength < 0 || headerBytes > MAX_HEADER_BYTES) {
                throw new WireException("headers larger than " + MAX_HEADER_BYTES + " bytes");
            }
            byte[] value = new byte[valueLength];
            in.readFully(value);
            headers.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
        }
        int bodyLength = in.readInt();
        if (bodyLength < 0 || bodyLength > maxBodyBytes) {
            throw new WireException("frame body of " + bodyLength + " bytes exceeds the limit of " + maxBodyBytes);
        }
        byte[] body = new byte[bodyLength];
        in.readFully(body);
        return new Frame(type, headers, body);
    }
}
