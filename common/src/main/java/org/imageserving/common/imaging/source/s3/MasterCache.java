package org.imageserving.common.imaging.source.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local copies of master bytes read from buckets ({@code IS::S3CacheDirectory}, at most {@code IS::S3CacheSize}):
 * one sparse file per object version, filled block by block as renders read it. An object is checked with a HEAD
 * each time it is opened; a copy of another ETag is dropped, so a replaced object is read again. Beyond the size, the
 * least recently opened copies go (a render still reading one keeps its open file).
 *
 * <p>What blocks a copy holds is known only to this process: the folder is emptied at start.
 */
public final class MasterCache {
    private final ObjectStore store;
    private final Path folder;
    private final long maxBytes;
    private final int blockSize;
    private final LinkedHashMap<String, RemoteObject> copies = new LinkedHashMap<>(16, 0.75f, true);
    private long heldBytes;

    public MasterCache(ObjectStore store, Path folder, long maxBytes, int blockSize) {
        this.store = store;
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.blockSize = blockSize;
        try {
            Files.createDirectories(folder);
            try (var old = Files.newDirectoryStream(folder, "*.part")) {
                for (Path file : old) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the master cache folder " + folder, e);
        }
    }

    public ObjectStore store() {
        return store;
    }

    /**
     * The object {@code key} under {@code root} in its current version, its bytes read on demand; empty when there is
     * no such object.
     */
    public Optional<RemoteObject> open(BucketRoot root, String key) {
        return store.head(root, key).map(version -> open(root, key, version));
    }

    /**
     * The object {@code key} under {@code root} in the version given (one the caller learned already), without asking
     * the bucket: its reads fail as changed if the object is no longer that version.
     */
    public RemoteObject open(BucketRoot root, String key, ObjectVersion version) {
        String id = root.bucket() + "/" + key;
        synchronized (this) {
            RemoteObject known = copies.get(id);
            if (known != null && known.version().etag().equals(version.etag())
                    && known.version().size() == version.size()) {
                return known;
            }
            if (known != null) {
                drop(id, known);
            }
            RemoteObject copy = new RemoteObject(this, root, key, version, file(id, version), blockSize);
            copies.put(id, copy);
            return copy;
        }
    }

    private Path file(String id, ObjectVersion version) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((id + "\n" + version.etag())
                    .getBytes(StandardCharsets.UTF_8));
            return folder.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".part");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Called by a copy after it stored {@code bytes} more: drops the least recently opened copies beyond the size. */
    synchronized void stored(RemoteObject copy, long bytes) {
        heldBytes += bytes;
        Iterator<Map.Entry<String, RemoteObject>> oldest = copies.entrySet().iterator();
        while (heldBytes > maxBytes && oldest.hasNext()) {
            Map.Entry<String, RemoteObject> entry = oldest.next();
            if (entry.getValue() == copy) {
                continue;
            }
            oldest.remove();
            heldBytes -= entry.getValue().discard();
        }
    }

    private void drop(String id, RemoteObject copy) {
        copies.remove(id);
        heldBytes -= copy.discard();
    }

    /** Bytes the copies hold now. */
    public synchronized long heldBytes() {
        return heldBytes;
    }
}
