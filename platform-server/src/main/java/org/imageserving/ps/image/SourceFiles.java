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
import org.imageserving.common.imaging.source.SourceRoots;

/**
 * The source files as the Image Server will find them: a relative path searched in each {@code IS::RootPath} in
 * order, by the same rules ({@link SourceRoots}). ps only looks at their existence, modification time and, for
 * pyramid TIFFs, header date (to choose the default image and to validate cache entries without a round trip); it
 * never decodes them.
 */
public final class SourceFiles {
    static final int MAX_REMEMBERED_HEADERS = 100_000;
    private final SourceRoots roots;
    /**
     * Size-bounded by W-TinyLFU rather than cleared when full: a scan over many rarely asked sources must not make
     * every popular PTIFF's header be read again.
     */
    private final Cache<Path, HeaderDate> headerDates;

    public SourceFiles(List<Path> roots) {
        this(roots, MAX_REMEMBERED_HEADERS);
    }

    SourceFiles(List<Path> roots, int rememberedHeaders) {
        this.roots = new SourceRoots(roots);
        this.headerDates = Caffeine.newBuilder().maximumSize(rememberedHeaders).executor(Runnable::run).build();
    }

    public List<Path> roots() {
        return roots.roots();
    }

    /**
     * The file the Image Server will read for {@code relative} (its real path), by the same rules, so that
     * {@code req=exists} and the default-image decision agree with it: empty for a path it would refuse, including a
     * symbolic link that leaves its root.
     */
    public Optional<Path> locate(String relative) {
        try {
            return roots.find(relative);
        } catch (InvalidSourcePathException e) {
            return Optional.empty();
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
        Optional<Path> file = locate(relative);
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
