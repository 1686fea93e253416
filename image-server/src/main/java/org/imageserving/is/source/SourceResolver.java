package org.imageserving.is.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imageserving.common.imaging.source.InvalidSourcePathException;
import org.imageserving.common.imaging.source.SourceRoots;
import org.imageserving.is.render.RenderException;

/**
 * Finds a source file under the {@code IS::RootPath} folders (the rules are {@link SourceRoots}'), answering with the
 * Image Server's errors: an invalid path is a bad request, a missing or escaping file is not found.
 */
public final class SourceResolver {
    private final SourceRoots roots;

    public SourceResolver(List<Path> roots) {
        this.roots = new SourceRoots(roots);
    }

    public Path resolve(String relative) {
        Path found;
        try {
            found = roots.find(relative)
                    .orElseThrow(() -> RenderException.notFound("image not found: " + relative));
        } catch (InvalidSourcePathException e) {
            throw RenderException.badRequest(e.getMessage());
        }
        if (!Files.isReadable(found)) {
            throw RenderException.forbidden("image not readable: " + relative);
        }
        return found;
    }
}
