package org.imageserving.common.imaging.source.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.BitSet;

/**
 * One version of an object in a bucket as random-access bytes: each read first brings the blocks it touches that the
 * local copy lacks, in one ranged GET per run of missing blocks, then reads the local copy. A pyramid TIFF's reader
 * thereby fetches its directories and the tiles a request needs, and nothing else; other decoders ask for the whole
 * file ({@link #complete()}), fetched once.
 */
public final class RemoteObject {
    private final MasterCache cache;
    private final BucketRoot root;
    private final String key;
    private final ObjectVersion version;
    private final Path file;
    private final int blockSize;
    private final BitSet present;
    private final int blocks;
    private FileChannel channel;
    private long storedBytes;
    private boolean tracked = true;

    RemoteObject(MasterCache cache, BucketRoot root, String key, ObjectVersion version, Path file, int blockSize) {
        this.cache = cache;
        this.root = root;
        this.key = key;
        this.version = version;
        this.file = file;
        this.blockSize = blockSize;
        this.blocks = (int) ((version.size() + blockSize - 1) / blockSize);
        this.present = new BitSet(blocks);
    }

    public ObjectVersion version() {
        return version;
    }

    public long size() {
        return version.size();
    }

    /** {@code s3://bucket/key}: for messages. */
    public String name() {
        return "s3://" + root.bucket() + "/" + key;
    }

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; -1 at the end. */
    public int read(long position, ByteBuffer dst) throws IOException {
        if (position >= version.size()) {
            return -1;
        }
        int length = (int) Math.min(dst.remaining(), version.size() - position);
        if (length == 0) {
            return 0;
        }
        FileChannel local = ensure(position, position + length);
        ByteBuffer slice = dst.slice(dst.position(), length);
        int total = 0;
        while (slice.hasRemaining()) {
            int n = local.read(slice, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        dst.position(dst.position() + total);
        return total;
    }

    /** The local copy with every byte present, with the object's modification time: for decoders that read files. */
    public Path complete() {
        try {
            ensure(0, version.size());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code n} bytes (fewer for a smaller object), brought into the local copy too. */
    public byte[] head(int n) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(n, version.size()));
        while (head.hasRemaining() && read(head.position(), head) > 0) {
            // a read may return fewer bytes than asked
        }
        return head.array();
    }

    /** Whether every byte is present locally. */
    public synchronized boolean isComplete() {
        return present.cardinality() == blocks;
    }

    /** The local copy (sparse until complete): valid only where its blocks were read. */
    public Path file() {
        return file;
    }

    /** A channel of its own position over these bytes (read only). */
    public SeekableByteChannel channel() {
        return new Channel();
    }

    /** Brings the blocks that hold bytes {@code from} to {@code to} (exclusive) and returns the open local file. */
    private synchronized FileChannel ensure(long from, long to) throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
        }
        int first = (int) (from / blockSize);
        int last = (int) ((Math.max(to, from + 1) - 1) / blockSize);
        int block = present.nextClearBit(first);
        long added = 0;
        while (block <= last) {
            int end = block;
            while (end + 1 <= last && !present.get(end + 1)) {
                end++;
            }
            long start = (long) block * blockSize;
            long stop = Math.min(version.size(), (long) (end + 1) * blockSize) - 1;
            byte[] bytes = cache.store().read(root, key, version.etag(), start, stop);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long at = start;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            present.set(block, end + 1);
            added += bytes.length;
            block = present.nextClearBit(end + 1);
        }
        if (added > 0) {
            storedBytes += added;
            if (present.cardinality() == blocks) {
                Files.setLastModifiedTime(file, FileTime.from(version.lastModified()));
            }
            if (tracked) {
                cache.stored(this, added);
            }
        }
        return channel;
    }

    /**
     * Forgets the local copy; the bytes it held. A render still reading this version goes on: its open channel is not
     * closed under it (the garbage collector closes it), and what it reads next is fetched into a file of its own that
     * no longer counts against the size and is deleted at the next start.
     */
    synchronized long discard() {
        tracked = false;
        try {
            channel = null;
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a copy that cannot be deleted now is deleted at the next start
        }
        present.clear();
        long held = storedBytes;
        storedBytes = 0;
        return held;
    }

    private final class Channel extends ReadOnlyChannel {
        Channel() {
            super(version.size());
        }

        @Override
        int readAt(long at, ByteBuffer dst) throws IOException {
            return RemoteObject.this.read(at, dst);
        }
    }
}
