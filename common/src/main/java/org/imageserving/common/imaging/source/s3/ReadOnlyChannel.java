package org.imageserving.common.imaging.source.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * One version of an object read as a file: the position, the size and the closed state are the channel's; where the
 * bytes come from (a local copy filled on demand, blocks held in memory) is the subclass's.
 */
abstract class ReadOnlyChannel implements SeekableByteChannel {
    private final long size;
    private long position;
    private boolean open = true;

    ReadOnlyChannel(long size) {
        this.size = size;
    }

    /** Reads from {@code at} into {@code dst}; -1 at the end of the object. */
    abstract int readAt(long at, ByteBuffer dst) throws IOException;

    @Override
    public final int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        int n = readAt(position, dst);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public final int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public final long position() {
        return position;
    }

    @Override
    public final SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public final boolean isOpen() {
        return open;
    }

    @Override
    public final void close() {
        open = false;
    }
}
