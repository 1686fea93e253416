package org.imageserving.ps.catalog;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled catalog cache ({@code CS::catalog.cacheRoot}, folder {@code catalog-bin/}): every parsed data file is
 * kept as a binary file, so a restart reads the records of unchanged files without parsing their text again.
 *
 * <p>A compiled file names the data file it was made from and that file's modification time, size and identity
 * (inode); it is used only while all of them still match, so replacing or editing a data file (however it is done)
 * makes it stale. The {@code .ini} files are small and always read, so a changed {@code .ini} or {@code default.ini}
 * takes effect as before. Each compiled file ends with a CRC-32C of its content and is written to a temporary file
 * and renamed: a torn, damaged or foreign file is ignored and rebuilt from the text, never used. Every length read is
 * checked against the bytes left before anything is allocated.
 */
final class CompiledDataFiles {
    private static final Logger LOG = LoggerFactory.getLogger(CompiledDataFiles.class);
    static final String FOLDER = "catalog-bin";
    private static final int MAGIC = 0x49534331; // "ISC1"
    private static final String SUFFIX = ".bin";

    private final Path folder;

    private CompiledDataFiles(Path folder) {
        this.folder = folder;
    }

    /** The cache under {@code cacheRoot}, or none when its folder cannot be made (the catalogs then load as text). */
    static Optional<CompiledDataFiles> under(Path cacheRoot) {
        if (cacheRoot == null) {
            return Optional.empty();
        }
        Path folder = cacheRoot.resolve(FOLDER);
        try {
            Files.createDirectories(folder);
            return Optional.of(new CompiledDataFiles(folder));
        } catch (IOException e) {
            LOG.warn("no compiled catalog cache: cannot create {} ({}); catalogs are parsed at every start", folder,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** What identifies the current content of a data file. */
    record Stamp(long modifiedNanos, long size, String identity) {
        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    attributes.size(), Objects.toString(attributes.fileKey(), ""));
        }
    }

    /** The rows compiled from {@code dataFile} in this state, if a sound compiled file for it exists. */
    Optional<List<DataFile.Row>> read(Path dataFile, String keyField, Stamp stamp) {
        Path compiled = compiledFile(dataFile, keyField);
        if (!Files.isRegularFile(compiled)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(compiled);
            Optional<List<DataFile.Row>> rows = decode(bytes, dataFile, keyField, stamp);
            if (rows.isEmpty()) {
                LOG.info("compiled catalog file {} of {} is stale or damaged; the data file is parsed again", compiled,
                        dataFile);
            }
            return rows;
        } catch (IOException e) {
            LOG.warn("cannot read the compiled catalog file {}: {}; the data file is parsed again", compiled, e.getMessage());
            return Optional.empty();
        }
    }

    void write(Path dataFile, String keyField, Stamp stamp, List<DataFile.Row> rows) {
        Path compiled = compiledFile(dataFile, keyField);
        Path temp = compiled.resolveSibling(compiled.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.write(temp, encode(dataFile, keyField, stamp, rows));
            Files.move(temp, compiled, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write the compiled catalog file {}: {}", compiled, e.getMessage());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to tidy up
            }
        }
    }

    Path compiledFile(Path dataFile, String keyField) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((dataFile.toAbsolutePath().normalize() + "\u0000" + keyField).getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(digest, 0, 16) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static byte[] encode(Path dataFile, String keyField, Stamp stamp, List<DataFile.Row> rows) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        string(out, dataFile.toAbsolutePath().normalize().toString());
        string(out, keyField);
        out.writeLong(stamp.modifiedNanos());
        out.writeLong(stamp.size());
        string(out, stamp.identity());
        out.writeInt(rows.size());
        for (DataFile.Row row : rows) {
            out.writeInt(row.line());
            out.writeInt(row.fields().size());
            for (Map.Entry<String, String> field : row.fields().entrySet()) {
                string(out, field.getKey());
                string(out, field.getValue());
            }
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        return bytes.toByteArray();
    }

    /** The rows, or empty when the bytes are damaged or describe another file or another state of it. */
    static Optional<List<DataFile.Row>> decode(byte[] bytes, Path dataFile, String keyField, Stamp stamp) {
        if (bytes.length < 12) {
            return Optional.empty();
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 8);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 8);
        if (ByteBuffer.wrap(bytes, bytes.length - 8, 8).getLong() != crc.getValue()) {
            return Optional.empty();
        }
        try {
            if (in.getInt() != MAGIC
                    || !string(in).equals(dataFile.toAbsolutePath().normalize().toString())
                    || !string(in).equals(keyField)
                    || in.getLong() != stamp.modifiedNanos() || in.getLong() != stamp.size()
                    || !string(in).equals(stamp.identity())) {
                return Optional.empty();
            }
            int count = count(in, 8);
            List<DataFile.Row> rows = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int line = in.getInt();
                int fields = count(in, 8);
                Map<String, String> values = new LinkedHashMap<>();
                for (int f = 0; f < fields; f++) {
                    values.put(string(in), string(in));
                }
                rows.add(new DataFile.Row(line, values));
            }
            return in.hasRemaining() ? Optional.empty() : Optional.of(rows);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void string(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String string(ByteBuffer in) {
        int length = count(in, 1);
        String text = new String(bytes(in, length), StandardCharsets.UTF_8);
        return text;
    }

    private static byte[] bytes(ByteBuffer in, int length) {
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    /** A count of items of at least {@code minBytes} each, which must fit in what is left. */
    private static int count(ByteBuffer in, int minBytes) {
        int count = in.getInt();
        if (count < 0 || (long) count * minBytes > in.remaining()) {
            throw new IllegalArgumentException("count " + count + " exceeds the data left");
        }
        return count;
    }
}
