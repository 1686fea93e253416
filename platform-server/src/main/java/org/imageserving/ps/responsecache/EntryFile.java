package org.imageserving.ps.responsecache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The on-disk form of a {@link CacheEntry}: a magic number, the metadata, the body and a CRC-32 over all of it.
 * Written to a temporary file in the same folder and renamed into place, so a reader sees either the whole old entry,
 * the whole new one or none; a torn or damaged file fails the CRC and is treated as absent.
 */
final class EntryFile {
    private static final int MAGIC = 0x49535231; // "ISR1"
    static final String SUFFIX = ".entry";
    static final String TEMP_SUFFIX = ".tmp";
    /** Marks this process's temporary files, so that a rebuild running beside new writes deletes only a crash's leftovers. */
    static final String PROCESS_TOKEN = Long.toHexString(ProcessHandle.current().pid()) + "-"
            + Long.toHexString(System.nanoTime());

    private EntryFile() {}

    static void write(Path file, CacheEntry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.body().length + 512);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(entry.contentType());
            out.writeLong(entry.created().toEpochMilli());
            out.writeLong(entry.validated().toEpochMilli());
            out.writeUTF(entry.sourceVersion());
            out.writeInt(entry.properties().size());
            for (Map.Entry<String, String> p : entry.properties().entrySet()) {
                out.writeUTF(p.getKey());
                out.writeUTF(p.getValue());
            }
            out.writeInt(entry.body().length);
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
            channel.write(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
            channel.force(false); // the data is on disk before the name points at it
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static boolean isLeftover(String fileName) {
        return fileName.endsWith(TEMP_SUFFIX) && !fileName.contains("." + PROCESS_TOKEN + "-");
    }

    /** The entry, or empty when the file is missing, torn or damaged. */
    static Optional<CacheEntry> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (bytes.length < 12) {
            return Optional.empty();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        long stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
            if (in.readInt() != MAGIC) {
                return Optional.empty();
            }
            String contentType = in.readUTF();
            Instant created = Instant.ofEpochMilli(in.readLong());
            Instant validated = Instant.ofEpochMilli(in.readLong());
            String sourceVersion = in.readUTF();
            int count = in.readInt();
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                properties.put(in.readUTF(), in.readUTF());
            }
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return Optional.of(new CacheEntry(contentType, body, created, validated, sourceVersion, properties));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
