package org.imageserving.is.render;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import org.imageserving.common.imaging.source.s3.RemoteObject;

/**
 * An object in a bucket as the {@link RandomAccessFile} that {@link SourceMetadata} reads headers with: every read
 * brings the blocks it touches into the local copy first ({@link RemoteObject#read}), so reading a TIFF's first
 * directory and the tags it points to costs those blocks, not the object. The file opened is the local copy, sparse
 * elsewhere, and only its position is used.
 */
final class RemoteRandomAccessFile extends RandomAccessFile {
    private final RemoteObject remote;

    RemoteRandomAccessFile(RemoteObject remote) throws IOException {
        super(remote.file().toFile(), "r");
        this.remote = remote;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long position = getFilePointer();
        int n = remote.read(position, ByteBuffer.wrap(b, off, len));
        if (n > 0) {
            seek(position + n);
        }
        return n;
    }

    @Override
    public int read(byte[] b) throws IOException {
        return read(b, 0, b.length);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
    }

    @Override
    public long length() {
        return remote.size();
    }
}
