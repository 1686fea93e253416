package org.imageserving.common.imaging.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a file under root folders searched in order, as the Image Server finds its sources under
 * {@code IS::RootPath}. A path can never leave its root: not with {@code ..}, not as an absolute path (read as relative
 * to each root), and not through a symbolic link that points outside (checked on the real path, so every component
 * that decides where to look agrees with the one that reads the file).
 */
public final class SourceRoots {
    private final List<Path> roots;
    /**
     * The roots' real paths, resolved once: a lookup is on the path of every cache hit, and resolving a root costs a
     * system call per path component. A root that does not exist yet is resolved again until it does.
     */
    private final Map<Path, Path> realRoots = new ConcurrentHashMap<>();

    public SourceRoots(List<Path> roots) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    public List<Path> roots() {
        return roots;
    }

    /**
     * The real path of the regular file {@code relative} names in the first root that has one, or empty when none
     * has, or when that root's file is a link leading out of the root (later roots are not searched then: the file
     * exists, it is only refused).
     *
     * @throws InvalidSourcePathException for a path that names nothing, climbs with {@code ..} or names a drive or scheme
     */
    public Optional<Path> find(String relative) {
        List<String> segments = segments(relative);
        for (Path root : roots) {
            Path candidate = root;
            for (String segment : segments) {
                candidate = candidate.resolve(segment);
            }
            if (Files.isRegularFile(candidate)) {
                return insideRoot(root, candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether {@link #find} finds a file; false for invalid paths too. */
    public boolean exists(String relative) {
        try {
            return find(relative).isPresent();
        } catch (InvalidSourcePathException e) {
            return false;
        }
    }

    private Optional<Path> insideRoot(Path root, Path candidate) {
        try {
            Path real = candidate.toRealPath();
            Path realRoot = realRoots.get(root);
            if (realRoot == null) {
                realRoot = root.toRealPath();
                realRoots.put(root, realRoot);
            }
            return real.startsWith(realRoot) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Splits a '/'-separated relative path, refusing anything that could name a file outside the root. */
    public static List<String> segments(String relative) {
        if (relative == null || relative.isBlank() || relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) {
            throw new InvalidSourcePathException("invalid image path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : relative.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") || segment.contains(":")) {
                throw new InvalidSourcePathException("invalid image path: " + relative);
            }
            try {
                Path.of(segment);
            } catch (InvalidPathException e) {
                throw new InvalidSourcePathException("invalid image path: " + relative);
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw new InvalidSourcePathException("invalid image path: " + relative);
        }
        return segments;
    }
}
