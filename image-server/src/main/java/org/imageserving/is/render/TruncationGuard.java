package org.imageserving.is.render;

import java.io.IOException;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * The source stream as the ImageIO readers see it, with one difference: a reader that keeps reading past the end of
 * the file is stopped. Some readers treat the end of a truncated file as zero bits and go on decoding: TwelveMonkeys'
 * lossless WebP reader spent 15 s of CPU on a 63-byte file declaring a million pixels (found by DecoderFuzzer), each
 * refill of its bit buffer throwing and catching an {@code EOFException}. After {@link #MAX_READS_PAST_END} reads
 * that find the end, the next one throws an {@link IIOException} (not an {@code EOFException}, which such readers
 * swallow), and the source is refused as corrupt. A complete file meets its end a few times at most.
 */
final class TruncationGuard extends ImageInputStreamImpl {
    static final int MAX_READS_PAST_END = 4096;
    private final ImageInputStream in;
    private int readsPastEnd;

    TruncationGuard(ImageInputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        position();
        int b = in.read();
        if (b < 0) {
            return pastEnd();
        }
        streamPos++;
        return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (length == 0) {
            return 0;
        }
        position();
        int n = in.read(bytes, offset, length);
        if (n < 0) {
            return pastEnd();
        }
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        try {
            return in.length();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        super.close();
        in.close();
    }

    private void position() throws IOException {
        if (in.getStreamPosition() != streamPos) {
            in.seek(streamPos);
        }
    }

    private int pastEnd() throws IOException {
        if (++readsPastEnd > MAX_READS_PAST_END) {
            throw new IIOException("truncated image: the reader went on past the end of the file "
                    + MAX_READS_PAST_END + " times");
        }
        return -1;
    }
}
