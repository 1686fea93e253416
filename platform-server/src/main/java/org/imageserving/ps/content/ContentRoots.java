package org.imageserving.ps.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.imageserving.common.imaging.source.InvalidSourcePathException;
import org.imageserving.common.imaging.source.SourceRoot;
import org.imageserving.common.imaging.source.SourceRoots;
import org.imageserving.common.imaging.source.s3.BucketRoot;
import org.imageserving.common.imaging.source.s3.ObjectStore;
import org.imageserving.common.imaging.source.s3.ObjectStoreException;
import org.imageserving.common.imaging.source.s3.ObjectVersion;
import org.imageserving.ps.http.RequestException;

/**
 * The roots of {@code PS::staticContent.rootPaths} in their order: folders, where a path is looked up by
 * {@link SourceRoots}' rules (never outside, not even through a symbolic link), and prefixes in buckets, where it
 * becomes a key by {@link BucketRoot}'s (never outside the prefix) and is looked at with one HEAD.
 */
final class ContentRoots {
    private final List<SourceRoot> roots;
    private final ObjectStore store;

    /** @param store the object store of the bucket roots; may be null when none is a bucket */
    ContentRoots(List<SourceRoot> roots, ObjectStore store) {
        if (store == null && roots.stream().anyMatch(r -> r instanceof SourceRoot.Bucket)) {
            throw new IllegalArgumentException("a bucket root needs the object store");
        }
        this.roots = List.copyOf(roots);
        this.store = store;
    }

    /** Where a content item was found: a file, or the current version of an object in a bucket. */
    sealed interface Found {
        long size() throws IOException;

        /** Milliseconds since the epoch. */
        long lastModified() throws IOException;

        /** The name the reply's type is told by. */
        String name();

        record File(Path path) implements Found {
            @Override
            public long size() throws IOException {
                return Files.size(path);
            }

            @Override
            public long lastModified() throws IOException {
                return Files.getLastModifiedTime(path).toMillis();
            }

            @Override
            public String name() {
                return path.getFileName().toString();
            }
        }

        record Object(BucketRoot root, String key, ObjectVersion version) implements Found {
            @Override
            public long size() {
                return version.size();
            }

            @Override
            public long lastModified() {
                return version.lastModified().toEpochMilli();
            }

            @Override
            public String name() {
                return key.substring(key.lastIndexOf('/') + 1);
            }
        }
    }

    /**
     * The first root that has {@code relative} wins; a file the folder rules refuse ends the search, as it does for
     * images. Empty when no root has it.
     *
     * @param relative a path under the roots; an absolute one (a catalog record's) names a file and is looked for in
     *                 the folders only
     * @throws RequestException 403 when the path lies outside every root, 503 when the object store does not answer
     */
    Optional<Found> find(Path relative) {
        boolean inside = false;
        for (SourceRoot root : roots) {
            if (root instanceof SourceRoot.Folder folder) {
                Path rootPath = folder.path();
                Path candidate = rootPath.resolve(relative).normalize();
                if (!candidate.startsWith(rootPath)) {
                    continue;
                }
                inside = true;
                Optional<Path> found = find(new SourceRoots(List.of(rootPath)), rootPath.relativize(candidate));
                if (found.isPresent() || Files.isRegularFile(candidate)) {
                    return found.map(Found.File::new);
                }
            } else {
                Path normal = relative.normalize();
                if (relative.isAbsolute() || normal.startsWith("..")) {
                    continue;
                }
                inside = true;
                Optional<Found> object = object(((SourceRoot.Bucket) root).root(), normal);
                if (object.isPresent()) {
                    return object;
                }
            }
        }
        if (!inside) {
            throw new RequestException(403, "the content path lies outside PS::staticContent.rootPaths");
        }
        return Optional.empty();
    }

    private Optional<Found> object(BucketRoot bucket, Path relative) {
        String key;
        try {
            key = bucket.key(relative.toString().replace('\\', '/'));
        } catch (InvalidSourcePathException e) {
            return Optional.empty();
        }
        try {
            return store.head(bucket, key).map(version -> new Found.Object(bucket, key, version));
        } catch (ObjectStoreException e) {
            throw new RequestException(503, "static content storage unavailable: " + e.getMessage());
        }
    }

    private static Optional<Path> find(SourceRoots root, Path relative) {
        try {
            return root.find(relative.toString().replace('\\', '/'));
        } catch (InvalidSourcePathException e) {
            return Optional.empty();
        }
    }

    ObjectStore store() {
        return store;
    }
}
