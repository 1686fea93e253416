package org.imageserving.ps.responsecache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The on-disk form of a cache entry: a magic number, the metadata, the body and a CRC-32 over all of it.
 * Written to a temporary file in the same folder and renamed into place under a name no earlier entry had, so a
 * reader sees either a whole entry or none, and a file that a hit is sending is never replaced under it; a torn or
 * damaged file fails the CRC and is treated as absent.
 */
final class EntryFile {
    private static final int MAGIC = 0x49535232; // "ISR2": ISR1 had no ETag
    static final String SUFFIX = ".entry";
    static final String TEMP_SUFFIX = ".tmp";
    /** Marks this process's temporary files, so that a rebuild running beside new writes deletes only a crash's leftovers. */
    static final String PROCESS_TOKEN = Long.toHexString(ProcessHandle.current().pid()) + "-"
            + Long.toHexString(System.nanoTime());

    private EntryFile() {}

    /** An entry written beside its place: complete and on disk, but not yet under its name, so no lookup finds it. */
    record Pending(Path temp, Path file, StoredEntry stored) {}

    /** Writes the entry atomically to {@code file} and returns it as the index will know it. */
    static StoredEntry write(Path file, CacheEntry entry) throws IOException {
        return commit(writeAside(file, entry));
    }

    /** Writes the entry to a temporary file beside {@code file}, on disk before {@link #commit} names it. */
    static Pending writeAside(Path file, CacheEntry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.body().length + 512);
        long bodyOffset;
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(entry.contentType());
            out.writeUTF(entry.etag());
            out.writeLong(entry.created().toEpochMilli());
            out.writeLong(entry.validated().toEpochMilli());
            out.writeUTF(entry.sourceVersion());
            out.writeInt(entry.properties().size());
            for (Map.Entry<String, String> p : entry.properties().entrySet()) {
                out.writeUTF(p.getKey());
                out.writeUTF(p.getValue());
            }
            out.writeInt(entry.body().length);
            out.flush();
            bodyOffset = bytes.size();
            out.write(entry.body());
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + "." + PROCESS_TOKEN + "-"
                + Thread.currentThread().getId() + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) { // a channel may write less than asked; a full disk throws
                channel.write(buffer);
            }
            channel.force(false); // the data is on disk before the name points at it
        } catch (IOException e) {
            CacheFiles.deleteQuietly(temp);
            throw e;
        }
        return new Pending(temp, file, new StoredEntry(entry.contentType(), entry.etag(), entry.created(),
                entry.validated(), entry.sourceVersion(), entry.properties(), file, bodyOffset, entry.body().length,
                null));
    }

    /** Puts a pending entry under its name in one step: a reader sees the whole entry or none. */
    static StoredEntry commit(Pending pending) throws IOException {
        try {
            Files.move(pending.temp(), pending.file(), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(pending.temp(), pending.file(), StandardCopyOption.REPLACE_EXISTING);
        }
        return pending.stored();
    }

    static void discard(Pending pending) {
        CacheFiles.deleteQuietly(pending.temp());
    }

    /** The length of the whole file of a stored entry: what precedes the body, the body, the CRC. */
    static long length(StoredEntry entry) {
        return entry.bodyOffset() + entry.bodyLength() + 8;
    }

    static boolean isLeftover(String fileName) {
        return fileName.endsWith(TEMP_SUFFIX) && !fileName.contains("." + PROCESS_TOKEN + "-");
    }

    /** The entry's metadata after a full CRC check, or empty when the file is missing, torn or damaged. */
    static Optional<StoredEntry> read(Path file) {
        return read(file, -1);
    }

    /** As {@link #read(Path)}, with the body as {@code heldBody} when it is at most {@code holdMax} bytes long. */
    static Optional<StoredEntry> read(Path file, int holdMax) {
        return readChecked(file).flatMap(bytes -> parse(file, bytes).map(entry -> entry.bodyLength() <= holdMax
                ? entry.withHeldBody(Arrays.copyOfRange(bytes, (int) entry.bodyOffset(),
                        (int) (entry.bodyOffset() + entry.bodyLength())))
                : entry));
    }

    /** The body of an entry read earlier, checked again; fails when the file has gone or changed since. */
    static byte[] readBody(StoredEntry entry) {
        return readBodyIfIntact(entry).orElseThrow(() ->
                new UncheckedIOException(new IOException("cache entry " + entry.file() + " is gone or damaged")));
    }

    /** The body of an entry read earlier, checked again; empty when the file has gone or changed since. */
    static Optional<byte[]> readBodyIfIntact(StoredEntry entry) {
        int from = Math.toIntExact(entry.bodyOffset());
        return readChecked(entry.file())
                .map(bytes -> Arrays.copyOfRange(bytes, from, from + Math.toIntExact(entry.bodyLength())));
    }

    /** The whole file of a stored entry after a full CRC check: its form on the wire to a cluster peer. */
    static Optional<byte[]> readWhole(StoredEntry entry) {
        return readChecked(entry.file());
    }

    /** An entry from the bytes of a whole entry file (a cluster peer's reply), or empty when torn or damaged. */
    static Optional<CacheEntry> fromBytes(byte[] bytes) {
        if (!intact(bytes)) {
            return Optional.empty();
        }
        return parse(null, bytes).map(entry -> new CacheEntry(entry.contentType(),
                Arrays.copyOfRange(bytes, (int) entry.bodyOffset(), (int) (entry.bodyOffset() + entry.bodyLength())),
                entry.created(), entry.validated(), entry.sourceVersion(), entry.properties(), entry.etag()));
    }

    private static Optional<byte[]> readChecked(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        return intact(bytes) ? Optional.of(bytes) : Optional.empty();
    }

    private static boolean intact(byte[] bytes) {
        if (bytes.length < 12) {
            return false;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        return ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong() == crc.getValue();
    }

    private static Optional<StoredEntry> parse(Path file, byte[] bytes) {
        int contentLength = bytes.length - 8;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, contentLength))) {
            if (in.readInt() != MAGIC) {
                return Optional.empty();
            }
            String contentType = in.readUTF();
            String etag = in.readUTF();
            Instant created = Instant.ofEpochMilli(in.readLong());
            Instant validated = Instant.ofEpochMilli(in.readLong());
            String sourceVersion = in.readUTF();
            int count = in.readInt();
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                properties.put(in.readUTF(), in.readUTF());
            }
            int length = in.readInt();
            int offset = contentLength - in.available();
            if (length < 0 || offset + (long) length != contentLength) {
                return Optional.empty();
            }
            return Optional.of(new StoredEntry(contentType, etag, created, validated, sourceVersion, properties, file,
                    offset, length, null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
