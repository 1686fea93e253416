package org.imageserving.is.render;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.imageio.stream.ImageInputStreamImpl;
import org.imageserving.common.imaging.source.s3.RemoteObject;

/**
 * An object in a bucket as an ImageIO stream: the TIFF reader seeks to a level's directory and tiles and reads only
 * those, each read bringing just the blocks it touches ({@link RemoteObject}).
 */
final class RemoteImageInputStream extends ImageInputStreamImpl {
    private final RemoteObject object;
    private final byte[] one = new byte[1];

    RemoteImageInputStream(RemoteObject object) {
        this.object = object;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkClosed();
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        int n = object.read(streamPos, ByteBuffer.wrap(b, off, len));
        if (n > 0) {
            streamPos += n;
        }
        return n;
    }

    @Override
    public long length() {
        return object.size();
    }
}
