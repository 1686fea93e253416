package org.imageserving.is.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imageserving.is.render.RenderException;

/**
 * Finds a source file under the {@code IS::RootPath} folders, searched in order. A path can never leave its root:
 * not with {@code ..}, not as an absolute path, and not through a symbolic link that points outside.
 */
public final class SourceResolver {
    private final List<Path> roots;

    public SourceResolver(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    public Path resolve(String relative) {
        List<String> segments = segments(relative);
        for (Path root : roots) {
            Path candidate = root;
            for (String segment : segments) {
                candidate = candidate.resolve(segment);
            }
            if (Files.isRegularFile(candidate)) {
                return insideRoot(root, candidate, relative);
            }
        }
        throw RenderException.notFound("image not found: " + relative);
    }

    /** Whether {@link #resolve} would find the file ({@code req=exists}); never throws for a missing file. */
    public boolean exists(String relative) {
        try {
            resolve(relative);
            return true;
        } catch (RenderException e) {
            return false;
        }
    }

    private static Path insideRoot(Path root, Path candidate, String relative) {
        try {
            Path realRoot = root.toRealPath();
            Path real = candidate.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw RenderException.notFound("image not found: " + relative);
            }
            if (!Files.isReadable(real)) {
                throw RenderException.forbidden("image not readable: " + relative);
            }
            return real;
        } catch (IOException e) {
            throw RenderException.notFound("image not found: " + relative);
        }
    }

    /** Splits a '/'-separated relative path, refusing anything that could name a file outside the root. */
    static List<String> segments(String relative) {
        if (relative == null || relative.isBlank() || relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) {
            throw RenderException.badRequest("invalid image path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : relative.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") || segment.contains(":")) {
                throw RenderException.badRequest("invalid image path: " + relative);
            }
            try {
                Path.of(segment);
            } catch (InvalidPathException e) {
                throw RenderException.badRequest("invalid image path: " + relative);
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw RenderException.badRequest("invalid image path: " + relative);
        }
        return segments;
    }

}
