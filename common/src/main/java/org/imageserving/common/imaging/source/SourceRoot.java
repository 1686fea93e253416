package org.imageserving.common.imaging.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imageserving.common.imaging.source.s3.BucketRoot;

/**
 * One entry of {@code IS::RootPath} (or {@code PS::staticContent.rootPaths}): a local folder, or a prefix in an
 * S3-compatible bucket ({@code s3://bucket/prefix/}). The roots are searched in the order they are listed, whatever
 * their kind.
 */
public sealed interface SourceRoot {
    record Folder(Path path) implements SourceRoot {
        @Override
        public String toString() {
            return path.toString();
        }
    }

    record Bucket(BucketRoot root) implements SourceRoot {
        @Override
        public String toString() {
            return root.toString();
        }
    }

    /** An {@code s3://} URL as a bucket root; anything else as a folder, relative ones resolved by {@code folders}. */
    static SourceRoot parse(String text, java.util.function.Function<String, Path> folders) {
        String stripped = text.strip();
        return BucketRoot.isBucketUrl(stripped) ? new Bucket(BucketRoot.parse(stripped))
                : new Folder(folders.apply(stripped));
    }

    /**
     * The roots in search order for a lookup: each run of neighbouring folders as one {@link SourceRoots} (which stops
     * at a link that leaves its root, as a list of folders always did), each bucket as its {@link BucketRoot}.
     */
    static List<Object> searchOrder(List<SourceRoot> roots) {
        List<Object> grouped = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (SourceRoot root : roots) {
            if (root instanceof Folder folder) {
                folders.add(folder.path());
                continue;
            }
            if (!folders.isEmpty()) {
                grouped.add(new SourceRoots(List.copyOf(folders)));
                folders.clear();
            }
            grouped.add(((Bucket) root).root());
        }
        if (!folders.isEmpty()) {
            grouped.add(new SourceRoots(List.copyOf(folders)));
        }
        return List.copyOf(grouped);
    }
}
