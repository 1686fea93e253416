package org.imageserving.common.imaging.source;

import java.nio.file.Path;
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
}
