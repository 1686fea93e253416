package org.imageserving.common.imaging.source.s3;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One version of an object as a read-only channel whose bytes come by ranged GETs pinned to its ETag, block by block as
 * they are read, as {@link RemoteObject} brings them for a render, but kept in memory for the life of the channel: for
 * a process that reads a few header bytes of an object now and then (the Platform Server reading a pyramid TIFF's
 * directories) and keeps no local copies of masters.
 *
 * <p>At most {@code maxBytes} are fetched; a read beyond that fails, so a hostile file cannot make the reader download
 * the whole object. A read finding the object replaced fails as {@link ObjectStoreException#changed()}.
 */
public final class RangedChannel extends ReadOnlyChannel {
    private final ObjectStore store;
    private final BucketRoot root;
    private final String key;
    private final ObjectVersion version;
    private final int blockSize;
    private final long maxBytes;
    private final Map<Long, byte[]> blocks = new HashMap<>();
    private long fetched;

    public RangedChannel(ObjectStore store, BucketRoot root, String key, ObjectVersion version, int blockSize,
                         long maxBytes) {
        super(version.size());
        this.store = store;
        this.root = root;
        this.key = key;
        this.version = version;
        this.blockSize = blockSize;
        this.maxBytes = maxBytes;
    }

    @Override
    int readAt(long at, ByteBuffer dst) throws IOException {
        if (at >= version.size()) {
            return -1;
        }
        int total = 0;
        long position = at;
        while (dst.hasRemaining() && position < version.size()) {
            long block = position / blockSize;
            byte[] bytes = block(block);
            int offset = (int) (position - block * blockSize);
            int n = Math.min(dst.remaining(), bytes.length - offset);
            dst.put(bytes, offset, n);
            position += n;
            total += n;
        }
        return total;
    }

    private byte[] block(long block) throws IOException {
        byte[] known = blocks.get(block);
        if (known != null) {
            return known;
        }
        long start = block * blockSize;
        long stop = Math.min(version.size(), start + blockSize) - 1;
        if (fetched + (stop - start + 1) > maxBytes) {
            throw new IOException("s3://" + root.bucket() + "/" + key + ": more than " + maxBytes
                    + " bytes would be read for its header");
        }
        byte[] bytes = store.read(root, key, version.etag(), start, stop);
        fetched += bytes.length;
        blocks.put(block, bytes);
        return bytes;
    }

    /** Bytes brought from the bucket so far. */
    public long fetched() {
        return fetched;
    }
}
