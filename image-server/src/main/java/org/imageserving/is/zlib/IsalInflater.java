package org.imageserving.is.zlib;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.DataFormatException;

/**
 * A zlib stream inflated by ISA-L ({@link IsalLibrary}, which holds the struct layout this relies on) with the zlib
 * wrapper on ({@code crc_flag = ISAL_ZLIB}), so the header and the Adler-32 are checked as zlib checks them. Compressed
 * bytes are copied into a native input buffer, and each {@code isal_inflate} call fills a 256 KiB native output buffer
 * (many PNG rows at once; ISA-L decodes straight into a buffer that large, and keeps its 32 KiB of history itself),
 * which {@link #inflate} then hands out in whatever pieces the reader asks for.
 */
final class IsalInflater implements ZlibInflater {
    private static final int INPUT_SIZE = 1 << 16;
    private static final int OUTPUT_SIZE = 1 << 18;
    /** Unused room behind both buffers: a wide load or store that strays past a buffer's end stays in its memory. */
    private static final int SLACK = 64;
    /**
     * Native buffers kept for the next streams: fresh native memory costs page faults (about 2.6 ms a MB on these
     * machines), and a render thread decodes one PNG after another. Bounded: a burst of threads frees its extras.
     */
    private static final BlockingQueue<Workspace> SPARE = new ArrayBlockingQueue<>(8);

    private final IsalLibrary.Api api;
    private final Workspace workspace;
    private byte[] input;
    private int inputAt;
    private int inputLeft;
    private int outputAt;
    private int outputEnd;
    private boolean ended;
    private boolean closed;

    IsalInflater(IsalLibrary.Api api, Workspace workspace) {
        this.api = api;
        this.workspace = workspace;
        api.init().invokeVoid(new Object[] {workspace.state});
        workspace.fields.putInt(IsalLibrary.CRC_FLAG, IsalLibrary.ISAL_ZLIB);
    }

    /** A stream on a kept workspace when one is spare. */
    static IsalInflater open(IsalLibrary.Api api) {
        Workspace spare = SPARE.poll();
        return new IsalInflater(api, spare != null ? spare : new Workspace());
    }

    Workspace workspace() {
        return workspace;
    }

    @Override
    public void setInput(byte[] input, int offset, int length) {
        this.input = input;
        this.inputAt = offset;
        this.inputLeft = length;
    }

    @Override
    public int inflate(byte[] out, int offset, int length) throws DataFormatException {
        if (outputAt == outputEnd && !refill()) {
            return 0;
        }
        int n = Math.min(length, outputEnd - outputAt);
        workspace.output.get(outputAt, out, offset, n);
        outputAt += n;
        return n;
    }

    /** Inflates into the emptied output buffer; false when nothing came out (input needed, or the end). */
    private boolean refill() throws DataFormatException {
        ByteBuffer fields = workspace.fields;
        while (!ended) {
            if (fields.getInt(IsalLibrary.AVAIL_IN) == 0) {
                if (inputLeft == 0) {
                    return false;
                }
                int n = Math.min(inputLeft, INPUT_SIZE);
                workspace.input.put(0, input, inputAt, n);
                inputAt += n;
                inputLeft -= n;
                fields.putLong(IsalLibrary.NEXT_IN, Pointer.nativeValue(workspace.in));
                fields.putInt(IsalLibrary.AVAIL_IN, n);
            }
            int availableBefore = fields.getInt(IsalLibrary.AVAIL_IN);
            fields.putLong(IsalLibrary.NEXT_OUT, Pointer.nativeValue(workspace.out));
            fields.putInt(IsalLibrary.AVAIL_OUT, OUTPUT_SIZE);
            int status = api.inflate().invokeInt(new Object[] {workspace.state});
            if (status < 0) {
                ended = true;
                throw new DataFormatException(describe(status));
            }
            ended = status == IsalLibrary.ISAL_NEED_DICT
                    || fields.getInt(IsalLibrary.BLOCK_STATE) == IsalLibrary.ISAL_BLOCK_FINISH;
            int produced = OUTPUT_SIZE - fields.getInt(IsalLibrary.AVAIL_OUT);
            if (produced > 0) {
                outputAt = 0;
                outputEnd = produced;
                return true;
            }
            if (!ended && fields.getInt(IsalLibrary.AVAIL_IN) == availableBefore) {
                ended = true; // neither consumed nor produced: never spin on it
                throw new DataFormatException("ISA-L inflate made no progress");
            }
        }
        return false;
    }

    private static String describe(int status) {
        return "ISA-L inflate: " + switch (status) {
            case -1 -> "invalid deflate block";
            case -2 -> "invalid deflate symbol";
            case -3 -> "invalid lookback distance";
            case -4 -> "invalid zlib header";
            case -5 -> "unsupported compression method";
            case -6 -> "incorrect checksum";
            default -> "error " + status;
        };
    }

    @Override
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        if (closed) {
            return; // offered twice, one workspace would serve two streams
        }
        closed = true;
        if (!SPARE.offer(workspace)) {
            workspace.free();
        }
    }

    /** The native memory of one stream: the state struct (with a guard zone), the input and the output buffer. */
    static final class Workspace {
        private static final byte GUARD_BYTE = 0x5A;
        final Memory state = new Memory(IsalLibrary.STATE_SIZE + IsalLibrary.GUARD);
        final Memory in = new Memory(INPUT_SIZE + SLACK);
        final Memory out = new Memory(OUTPUT_SIZE + SLACK);
        final ByteBuffer fields = state.getByteBuffer(0, state.size()).order(ByteOrder.nativeOrder());
        final ByteBuffer input = in.getByteBuffer(0, INPUT_SIZE);
        final ByteBuffer output = out.getByteBuffer(0, OUTPUT_SIZE);

        Workspace() {
            state.clear();
            state.setMemory(IsalLibrary.STATE_SIZE, IsalLibrary.GUARD, GUARD_BYTE);
        }

        boolean guardIntact() {
            for (int i = IsalLibrary.STATE_SIZE; i < IsalLibrary.STATE_SIZE + IsalLibrary.GUARD; i++) {
                if (fields.get(i) != GUARD_BYTE) {
                    return false;
                }
            }
            return true;
        }

        void free() {
            state.close();
            in.close();
            out.close();
        }
    }
}
