package org.imageserving.is.jpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JPEG files Leptonica decoded without an error or a warning, by what identifies their content on disk: path,
 * inode, size, modification and status-change times. Rewriting a file in place changes its ctime, which no tool can
 * set back, and replacing it changes the inode, so a remembered identity means the same bytes. Remembering saves the
 * validating decode that {@link LibjpegCmyk} needs before it may touch a file, on every request after the first.
 */
final class ValidatedJpegs {
    /** Enough for a working set of CMYK masters; past it the memory starts over (a validation each, no harm). */
    private static final int MAX_ENTRIES = 4096;
    private static final Map<Identity, Boolean> VALID = new ConcurrentHashMap<>();

    private ValidatedJpegs() {}

    record Identity(Path path, Object inode, long size, Object modified, Object changed) {}

    /** The identity of {@code file} now; empty when the file system does not tell inode and ctime. */
    static Optional<Identity> of(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:ino,size,lastModifiedTime,ctime");
            Object inode = a.get("ino"), changed = a.get("ctime");
            if (inode == null || changed == null) {
                return Optional.empty();
            }
            return Optional.of(new Identity(file.toAbsolutePath(), inode, (Long) a.get("size"),
                    a.get("lastModifiedTime"), changed));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static boolean known(Optional<Identity> identity) {
        return identity.isPresent() && VALID.containsKey(identity.get());
    }

    static void remember(Optional<Identity> before, Optional<Identity> after) {
        if (before.isPresent() && Objects.equals(before, after)) {
            if (VALID.size() >= MAX_ENTRIES) {
                VALID.clear();
            }
            VALID.put(before.get(), Boolean.TRUE);
        }
    }
}
