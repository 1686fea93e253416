package org.imageserving.ps.image;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import org.imageserving.common.imaging.source.InvalidSourcePathException;
import org.imageserving.common.imaging.source.SourceRoot;
import org.imageserving.common.imaging.source.SourceRoots;
import org.imageserving.common.imaging.source.s3.BucketRoot;
import org.imageserving.common.imaging.source.s3.ObjectPin;
import org.imageserving.common.imaging.source.s3.ObjectStore;
import org.imageserving.common.imaging.source.s3.ObjectStoreException;
import org.imageserving.common.imaging.source.s3.ObjectVersion;
import org.imageserving.common.imaging.source.s3.RangedChannel;
import org.imageserving.ps.http.RequestException;

/**
 * The source files as the Image Server will find them: a relative path searched in each {@code IS::RootPath} in
 * order, by the same rules ({@link SourceRoots}, {@link BucketRoot}). ps only looks at their existence, modification
 * time and, for pyramid TIFFs, header date (to choose the default image and to validate cache entries without a round
 * trip); it never decodes them. An object in a bucket is looked at with a HEAD request: its ETag is its version.
 */
public final class SourceFiles {
    static final int MAX_REMEMBERED_HEADERS = 100_000;
    private final SourceRoots roots;
    /** Every root in order: a {@link SourceRoots} for neighbouring folders, or a {@link BucketRoot}. */
    private final List<Object> searched;
    private final ObjectStore store;
    /**
     * Size-bounded by W-TinyLFU rather than cleared when full: a scan over many rarely asked sources must not make
     * every popular PTIFF's header be read again.
     */
    private final Cache<Path, HeaderDate> headerDates;

    public SourceFiles(List<Path> roots) {
        this(roots, MAX_REMEMBERED_HEADERS);
    }

    SourceFiles(List<Path> roots, int rememberedHeaders) {
        this(roots.stream().<SourceRoot>map(SourceRoot.Folder::new).toList(), null, rememberedHeaders);
    }

    /** @param store the object store the bucket roots are in; may be null when none is */
    public SourceFiles(List<SourceRoot> roots, ObjectStore store) {
        this(roots, store, MAX_REMEMBERED_HEADERS);
    }

    private SourceFiles(List<SourceRoot> roots, ObjectStore store, int rememberedHeaders) {
        this.roots = new SourceRoots(roots.stream().filter(r -> r instanceof SourceRoot.Folder)
                .map(r -> ((SourceRoot.Folder) r).path()).toList());
        this.searched = SourceRoot.searchOrder(roots);
        this.store = store;
        if (store == null && roots.stream().anyMatch(r -> r instanceof SourceRoot.Bucket)) {
            throw new IllegalArgumentException("a bucket root needs the object store");
        }
        this.headerDates = Caffeine.newBuilder().maximumSize(rememberedHeaders).executor(Runnable::run).build();
    }

    /** Where the first root that has a source found it: a file, or an object's current version. */
    private sealed interface Hit {
        record File(Path path) implements Hit {}

        record Object(BucketRoot root, String key, ObjectVersion version) implements Hit {}
    }

    private Optional<Hit> hit(String relative) {
        try {
            for (java.lang.Object root : searched) {
                if (root instanceof SourceRoots folders) {
                    Optional<Path> file = folders.find(relative);
                    if (file.isPresent()) {
                        return Optional.of(new Hit.File(file.get()));
                    }
                } else {
                    BucketRoot bucket = (BucketRoot) root;
                    String key = bucket.key(relative);
                    Optional<ObjectVersion> version = store.head(bucket, key);
                    if (version.isPresent()) {
                        return Optional.of(new Hit.Object(bucket, key, version.get()));
                    }
                }
            }
            return Optional.empty();
        } catch (InvalidSourcePathException e) {
            return Optional.empty();
        } catch (ObjectStoreException e) {
            throw new RequestException(503, "image storage unavailable: " + e.getMessage());
        }
    }

    /**
     * Where the Image Server will find {@code relative}: the real path of its file, or an empty one for an object in a
     * bucket; empty when it finds nothing.
     */
    public Optional<Optional<Path>> find(String relative) {
        return hit(relative).map(hit -> hit instanceof Hit.File file ? Optional.of(file.path()) : Optional.empty());
    }

    /**
     * Whether the Image Server will find {@code relative}, as a file or an object in a bucket ({@code req=exists}, the
     * default-image decision).
     */
    public boolean exists(String relative) {
        return hit(relative).isPresent();
    }

    /**
     * Forgets what the bucket told of a pinned object: the Image Server could not render that version (it changed), so
     * the next request asks the bucket again rather than trusting the HEAD kept for {@code IS::S3MetadataTtl}.
     */
    public void forget(ObjectPin pin) {
        if (store != null) {
            store.forget(new BucketRoot(pin.bucket(), ""), pin.key());
        }
    }

    public List<Path> roots() {
        return roots.roots();
    }

    /**
     * The file the Image Server will read for {@code relative} (its real path), by the same rules, so that
     * {@code req=exists} and the default-image decision agree with it: empty for a path it would refuse, including a
     * symbolic link that leaves its root; empty as well for an object in a bucket ({@link #find} tells those).
     */
    public Optional<Path> locate(String relative) {
        return hit(relative).filter(hit -> hit instanceof Hit.File).map(hit -> ((Hit.File) hit).path());
    }

    /** A source's bytes, opened when needed: its file, or its object's version read by ranged GETs. */
    @FunctionalInterface
    public interface SourceBytes {
        java.nio.channels.SeekableByteChannel open() throws IOException;
    }

    /**
     * Block size of the ranged reads of an object's header: a pyramid's directories lie apart, one per level (after its
     * tiles), a few hundred bytes each; 8 KiB blocks read a quarter of what the Image Server's 32 KiB master-copy
     * blocks would, for a few more round trips.
     */
    static final int HEADER_BLOCK = 8 * 1024;
    /** The most a header read may bring from a bucket (a pyramid's directories are a few KB per level). */
    static final long MAX_HEADER_BYTES = 1L << 20;

    /**
     * The bytes the Image Server will read for {@code relative}, for reading a header without decoding: its file, or
     * the object's version just looked at, read in {@value #HEADER_BLOCK}-byte ranges of at most
     * {@value #MAX_HEADER_BYTES} bytes; empty when none is found.
     */
    public Optional<SourceBytes> bytes(String relative) {
        return hit(relative).map(hit -> {
            if (hit instanceof Hit.File file) {
                return () -> java.nio.channels.FileChannel.open(file.path(), java.nio.file.StandardOpenOption.READ);
            }
            Hit.Object object = (Hit.Object) hit;
            return () -> new RangedChannel(store, object.root(), object.key(), object.version(), HEADER_BLOCK,
                    MAX_HEADER_BYTES);
        });
    }

    /** A source to read bytes from: its file, or the first bytes of its object in a bucket. */
    public record Readable(Path file, byte[] objectHead) {}

    /**
     * {@code relative} to read, with one lookup: the file the Image Server would read, or the first
     * {@code maxObjectBytes} of the object (one ranged GET of the version just looked at); empty when none is found.
     */
    public Optional<Readable> readable(String relative, int maxObjectBytes) {
        Optional<Hit> hit = hit(relative);
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        if (hit.get() instanceof Hit.File file) {
            return Optional.of(new Readable(file.path(), null));
        }
        Hit.Object object = (Hit.Object) hit.get();
        long size = Math.min(object.version().size(), maxObjectBytes);
        try {
            byte[] head = size == 0 ? new byte[0]
                    : store.read(object.root(), object.key(), object.version().etag(), 0, size - 1);
            return Optional.of(new Readable(null, head));
        } catch (ObjectStoreException e) {
            throw new RequestException(503, "image storage unavailable: " + e.getMessage());
        }
    }

    /**
     * What identifies the current content of a source for cache validation: the file found and, for a pyramid TIFF,
     * the date in its header (documented: copies of a PTIFF keep it while their file time changes), else its
     * modification time; plus the size either way, so a replacement that kept the old date is noticed too ("missing"
     * when there is no file).
     *
     * <p>Costs the lookup (a real-path check) and one stat per call: a PTIFF's header is read again only when the
     * file's time, size or identity (inode) changed since it was last read.
     */
    public String version(String relative) {
        return version(relative, pin -> { });
    }

    /**
     * As {@link #version(String)}, telling {@code seen} the object's version when the source is an object in a bucket:
     * the version the Image Server is then asked to render ({@link ObjectPin}).
     */
    public String version(String relative, java.util.function.Consumer<ObjectPin> seen) {
        Optional<Hit> hit = hit(relative);
        if (hit.isPresent() && hit.get() instanceof Hit.Object object) {
            seen.accept(ObjectPin.of(object.root(), object.key(), object.version()));
            return "s3://" + object.root().bucket() + "/" + object.key() + "|" + object.version().describe();
        }
        Optional<Path> file = hit.map(h -> ((Hit.File) h).path());
        if (file.isEmpty()) {
            return "missing";
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file.get(), BasicFileAttributes.class);
            Optional<String> headerDate = headerDate(file.get(), attributes);
            String date = headerDate.map(d -> "ptiff:" + d)
                    .orElseGet(() -> Long.toString(attributes.lastModifiedTime().toMillis()));
            return file.get() + "|" + date + "|" + attributes.size();
        } catch (IOException e) {
            return "missing";
        }
    }

    private record HeaderDate(FileTime modified, long size, Object fileKey, Optional<String> date) {
        boolean describes(BasicFileAttributes attributes) {
            return modified.equals(attributes.lastModifiedTime()) && size == attributes.size()
                    && Objects.equals(fileKey, attributes.fileKey());
        }
    }

    private Optional<String> headerDate(Path file, BasicFileAttributes attributes) {
        HeaderDate known = headerDates.getIfPresent(file);
        if (known != null && known.describes(attributes)) {
            return known.date();
        }
        HeaderDate read = new HeaderDate(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(),
                PyramidHeaderDate.read(file));
        headerDates.put(file, read);
        return read.date();
    }
}
