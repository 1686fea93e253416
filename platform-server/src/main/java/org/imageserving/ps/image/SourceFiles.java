package org.imageserving.ps.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The source files as the Image Server will find them: a relative path searched in each {@code IS::RootPath} in
 * order. ps only looks at their existence and modification time (to choose the default image and to validate cache
 * entries without a round trip); it never decodes them.
 */
public final class SourceFiles {
    private final List<Path> roots;

    public SourceFiles(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public List<Path> roots() {
        return roots;
    }

    public Optional<Path> locate(String relative) {
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        for (Path root : roots) {
            Path file = root.resolve(relative).normalize();
            if (file.startsWith(root) && Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /**
     * What identifies the current content of a source for cache validation: the file found, its modification time
     * and size ("missing" when there is none). A replaced file changes it even if the copy kept the old time stamp.
     */
    public String version(String relative) {
        Optional<Path> file = locate(relative);
        if (file.isEmpty()) {
            return "missing";
        }
        try {
            return file.get() + "|" + Files.getLastModifiedTime(file.get()).toMillis() + "|" + Files.size(file.get());
        } catch (IOException e) {
            return "missing";
        }
    }
}
