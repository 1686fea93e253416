package org.imageserving.is.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.imageserving.common.imaging.source.InvalidSourcePathException;
import org.imageserving.common.imaging.source.SourceRoot;
import org.imageserving.common.imaging.source.SourceRoots;
import org.imageserving.common.imaging.source.s3.BucketRoot;
import org.imageserving.common.imaging.source.s3.MasterCache;
import org.imageserving.common.imaging.source.s3.ObjectPin;
import org.imageserving.common.imaging.source.s3.ObjectStoreException;
import org.imageserving.common.imaging.source.s3.RemoteObject;
import org.imageserving.is.render.RenderException;

/**
 * Finds a source under the {@code IS::RootPath} roots in their order, folders (the rules are {@link SourceRoots}') and
 * bucket prefixes alike, answering with the Image Server's errors: an invalid path is a bad request, a missing or
 * escaping file or object is not found, an object store that does not answer after its retries is unavailable (503).
 */
public final class SourceResolver {
    private final List<Object> roots;
    private final MasterCache masters;

    public SourceResolver(List<Path> roots) {
        this(roots.stream().<SourceRoot>map(SourceRoot.Folder::new).toList(), null);
    }

    /** @param masters the local copies of bucket objects; may be null when no root is a bucket */
    public SourceResolver(List<SourceRoot> roots, MasterCache masters) {
        this.roots = SourceRoot.searchOrder(roots);
        this.masters = masters;
        if (masters == null && roots.stream().anyMatch(r -> r instanceof SourceRoot.Bucket)) {
            throw new IllegalArgumentException("a bucket root needs the master cache");
        }
    }

    /**
     * Where a source was found: a file, or an object whose bytes are read on demand ({@code remote}, whose
     * {@code file} is its local copy, complete only once asked for).
     */
    public record Found(Path file, RemoteObject remote) {
        /** The source as a complete local file (for readers that need a file). */
        public Path completeFile() {
            return remote == null ? file : remote.complete();
        }
    }

    /** The source as a complete local file. */
    public Path resolve(String relative) {
        return find(relative).completeFile();
    }

    public Found find(String relative) {
        return find(relative, Optional.empty());
    }

    /**
     * As {@link #find(String)}, with the version of the object the Platform Server found for {@code relative}: used
     * as it is when the search reaches that object, instead of asking the bucket again ({@link ObjectPin}).
     */
    public Found find(String relative, Optional<ObjectPin> pin) {
        try {
            for (Object root : roots) {
                if (root instanceof SourceRoots folder) {
                    Optional<Path> found = folder.find(relative);
                    if (found.isPresent()) {
                        return new Found(readable(found.get(), relative), null);
                    }
                } else {
                    BucketRoot bucket = (BucketRoot) root;
                    String key = bucket.key(relative);
                    Optional<RemoteObject> object = pin.filter(p -> p.names(bucket, key))
                            .map(p -> masters.open(bucket, key, p.version()))
                            .or(() -> masters.open(bucket, key));
                    if (object.isPresent()) {
                        return new Found(object.get().file(), object.get());
                    }
                }
            }
        } catch (InvalidSourcePathException e) {
            throw RenderException.badRequest(e.getMessage());
        } catch (ObjectStoreException e) {
            throw unavailable(e);
        }
        throw RenderException.notFound("image not found: " + relative);
    }

    /** An object store that failed after its retries, or an object replaced mid-read: 503, the client may retry. */
    public static RenderException unavailable(ObjectStoreException e) {
        return RenderException.unavailable("image storage unavailable: " + e.getMessage(), e);
    }

    private static Path readable(Path found, String relative) {
        if (!Files.isReadable(found)) {
            throw RenderException.forbidden("image not readable: " + relative);
        }
        return found;
    }
}
