package org.imageserving.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FrameCodecTest {
    private static final long LIMIT = 1 << 20;

    private static byte[] encode(Frame... frames) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Frame frame : frames) {
            FrameCodec.write(out, frame);
        }
        return bytes.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    /** A hand-made frame header: magic, version 1, the given type and no headers, then a body length. */
    private static byte[] headerClaimingBody(int type, int bodyLength) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte('I');
        out.writeByte('S');
        out.writeByte(1);
        out.writeByte(type);
        out.writeShort(0);
        out.writeInt(bodyLength);
        out.write(new byte[] {1, 2, 3});
        return bytes.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(FrameType.class)
    void everyFrameTypeRoundTripsWithHeadersAndBody(FrameType type) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("src", "folder/Bild ä€.jpg");
        headers.put("empty", "");
        headers.put("wid", "100");
        byte[] body = new byte[70_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + 7);
        }
        Frame read = FrameCodec.read(in(encode(new Frame(type, headers, body))), LIMIT);
        assertThat(read.type()).isEqualTo(type);
        assertThat(read.headers()).isEqualTo(headers);
        assertThat(read.header("src")).isEqualTo("folder/Bild ä€.jpg");
        assertThat(read.body()).isEqualTo(body);
    }

    @Test
    void emptyFrameRoundTrips() throws IOException {
        Frame read = FrameCodec.read(in(encode(Frame.of(FrameType.PING, Map.of()))), LIMIT);
        assertThat(read.type()).isEqualTo(FrameType.PING);
        assertThat(read.headers()).isEmpty();
        assertThat(read.body()).isEmpty();
    }

    @Test
    void headersComeBackSortedAndEqualFramesEncodeToEqualBytes() throws IOException {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("a", "1");
        forward.put("m", "2");
        forward.put("z", "3");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("z", "3");
        backward.put("m", "2");
        backward.put("a", "1");
        byte[] one = encode(Frame.of(FrameType.RENDER, forward));
        byte[] two = encode(Frame.of(FrameType.RENDER, backward));
        assertThat(one).isEqualTo(two);
        assertThat(FrameCodec.read(in(two), LIMIT).headers().keySet()).containsExactly("a", "m", "z");
    }

    @Test
    void severalFramesOnOneStreamThenACleanEndOfFile() throws IOException {
        DataInputStream in = in(encode(
                Frame.of(FrameType.PING, Map.of()),
                new Frame(FrameType.IMAGE, Map.of("k", "v"), new byte[] {9, 8})));
        assertThat(FrameCodec.read(in, LIMIT).type()).isEqualTo(FrameType.PING);
        Frame second = FrameCodec.read(in, LIMIT);
        assertThat(second.type()).isEqualTo(FrameType.IMAGE);
        assertThat(second.body()).containsExactly(9, 8);
        assertThatThrownBy(() -> FrameCodec.read(in, LIMIT)).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void anEmptyStreamIsAnEndOfFile() {
        assertThatThrownBy(() -> FrameCodec.read(in(new byte[0]), LIMIT)).isExactlyInstanceOf(EOFException.class);
    }

    @Test
    void aBodyOfTheExactLimitIsAccepted() throws IOException {
        byte[] body = new byte[1000];
        Frame read = FrameCodec.read(in(encode(new Frame(FrameType.IMAGE, Map.of(), body))), 1000);
        assertThat(read.body()).hasSize(1000);
    }

    @Test
    void aBodyOneByteOverTheLimitIsRefused() throws IOException {
        byte[] bytes = encode(new Frame(FrameType.IMAGE, Map.of(), new byte[1001]));
        assertThatThrownBy(() -> FrameCodec.read(in(bytes), 1000))
                .isInstanceOf(WireException.class)
                .hasMessageContaining("1001")
                .hasMessageContaining("1000");
    }

    @Test
    void aHeaderClaimingATwoGigabyteBodyIsRefusedBeforeAllocating() throws IOException {
        // Only three body bytes follow: allocating first would throw OutOfMemoryError or EOFException instead.
        byte[] bytes = headerClaimingBody(FrameType.IMAGE.ordinal(), Integer.MAX_VALUE);
        long before = System.nanoTime();
        assertThatThrownBy(() -> FrameCodec.read(in(bytes), LIMIT))
                .isExactlyInstanceOf(WireException.class)
                .hasMessageContaining(Integer.toString(Integer.MAX_VALUE));
        assertThat((System.nanoTime() - before) / 1_000_000).isLessThan(1000);
    }

    @Test
    void aNegativeBodyLengthIsRefused() throws IOException {
        byte[] bytes = headerClaimingBody(FrameType.IMAGE.ordinal(), Integer.MIN_VALUE);
        assertThatThrownBy(() -> FrameCodec.read(in(bytes), Long.MAX_VALUE)).isExactlyInstanceOf(WireException.class);
    }

    @Test
    void aHugeHeaderValueIsRefusedBeforeAllocating() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {'I', 'S', 1, (byte) FrameType.RENDER.ordinal()});
        out.writeShort(1);
        out.writeShort(1);
        out.writeByte('k');
        out.writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> FrameCodec.read(in(bytes.toByteArray()), LIMIT))
                .isExactlyInstanceOf(WireException.class)
                .hasMessageContaining("headers");
    }

    @Test
    void tooManyHeadersAreRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {'I', 'S', 1, (byte) FrameType.RENDER.ordinal()});
        out.writeShort(0xFFFF);
        assertThatThrownBy(() -> FrameCodec.read(in(bytes.toByteArray()), LIMIT))
                .isExactlyInstanceOf(WireException.class)
                .hasMessageContaining("too many headers");
    }

    @Test
    void garbageBytesAreAWireException() {
        byte[] garbage = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> FrameCodec.read(in(garbage), LIMIT))
                .isExactlyInstanceOf(WireException.class)
                .hasMessageContaining("not an ImageServing frame");
    }

    @Test
    void aWrongSecondMagicByteIsAWireException() {
        assertThatThrownBy(() -> FrameCodec.read(in(new byte[] {'I', 'X', 1, 0, 0, 0, 0, 0, 0, 0}), LIMIT))
                .isExactlyInstanceOf(WireException.class);
    }

    @Test
    void anUnknownVersionIsAWireException() {
        assertThatThrownBy(() -> FrameCodec.read(in(new byte[] {'I', 'S', 2, 0, 0, 0, 0, 0, 0, 0}), LIMIT))
                .isExactlyInstanceOf(WireException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void anUnknownFrameTypeIsAWireException() throws IOException {
        byte[] bytes = headerClaimingBody(FrameType.values().length, 0);
        assertThatThrownBy(() -> FrameCodec.read(in(bytes), LIMIT))
                .isExactlyInstanceOf(WireException.class)
                .hasMessageContaining("unknown frame type");
    }

    @Test
    void aFrameCutShortIsAnIoErrorNotAFrame() throws IOException {
        byte[] whole = encode(new Frame(FrameType.IMAGE, Map.of("a", "b"), new byte[100]));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 10);
        assertThatThrownBy(() -> FrameCodec.read(in(cut), LIMIT)).isInstanceOf(IOException.class);
    }

    @Test
    void aFrameNoReaderWouldAcceptIsRefusedBeforeAByteIsWritten() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= FrameCodec.MAX_HEADERS; i++) {
            many.put("$v" + i, "1");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThatThrownBy(() -> FrameCodec.write(new DataOutputStream(bytes), new Frame(FrameType.RENDER, many, null)))
                .isInstanceOf(FrameTooLargeException.class).hasMessageContaining("4097 headers");
        assertThat(bytes.size()).isZero();
        // 70000 headers would not even fit the 16-bit count: refused, never wrapped around
        for (int i = many.size(); i < 70_000; i++) {
            many.put("$v" + i, "1");
        }
        assertThatThrownBy(() -> FrameCodec.checkSendable(new Frame(FrameType.RENDER, many, null)))
                .isInstanceOf(FrameTooLargeException.class);
        Map<String, String> big = Map.of("text", "\u00e9".repeat(FrameCodec.MAX_HEADER_BYTES / 2));
        assertThatThrownBy(() -> FrameCodec.checkSendable(new Frame(FrameType.RENDER, big, null)))
                .isInstanceOf(FrameTooLargeException.class).hasMessageContaining("bytes of headers");
        Map<String, String> limit = new LinkedHashMap<>();
        for (int i = 0; i < FrameCodec.MAX_HEADERS; i++) {
            limit.put("$v" + i, "1");
        }
        FrameCodec.checkSendable(new Frame(FrameType.RENDER, limit, null));
    }
}
