package org.imageserving.is.ptiff;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a pyramid's tiles are read from: a local file, an object in a bucket, or a stream a test records. */
@FunctionalInterface
public interface TileBytes {
    /** Reads up to {@code dst.remaining()} bytes at {@code position} into {@code dst}; -1 at the end. */
    int read(long position, ByteBuffer dst) throws IOException;

    /** Fills {@code dst} from {@code position}; false when the source ends first. */
    default boolean readFully(long position, ByteBuffer dst) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = read(at, dst);
            if (n < 0) {
                return false;
            }
            at += n;
        }
        return true;
    }
}
