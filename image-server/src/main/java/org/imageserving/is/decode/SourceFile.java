package org.imageserving.is.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.imageserving.common.imaging.format.SourceFormat;
import org.imageserving.common.imaging.source.s3.RemoteObject;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.source.SourceResolver;

/**
 * A source file to decode, as the decoders see it. Its leading bytes are read at most once, when a decoder first asks,
 * so that telling formats apart costs one small read however many decoders look.
 */
public final class SourceFile {
    /** Enough for every signature the decoders test (all but PICT's). */
    private static final int HEAD_BYTES = 16;
    private final Path path;
    private final RenderRequest request;
    private final boolean underRoots;
    private final RemoteObject remote;
    private final boolean headerOnly;
    private byte[] head;
    private SourceFormat format;

    /**
     * @param underRoots false for a source sent with the request (a nested request's reply or a foreign image), kept
     *                   in a temporary file outside every root
     */
    public SourceFile(Path path, RenderRequest request, boolean underRoots) {
        this(path, null, request, underRoots, false);
    }

    private SourceFile(Path path, RemoteObject remote, RenderRequest request, boolean underRoots, boolean headerOnly) {
        this.path = path;
        this.headerOnly = headerOnly;
        this.remote = remote;
        this.request = request;
        this.underRoots = underRoots;
    }

    /** A source found under the roots, in a bucket when {@code found} says so. */
    public static SourceFile found(SourceResolver.Found found, RenderRequest request) {
        return new SourceFile(found.file(), found.remote(), request, true, false);
    }

    /**
     * An object in a bucket of which only the header is read ({@code req=imageprops} of a JPEG or PNG whose header
     * its local copy already holds): {@link #path()} is that copy, not filled further.
     */
    public static SourceFile header(SourceResolver.Found found, RenderRequest request) {
        return new SourceFile(found.file(), found.remote(), request, true, true);
    }

    /** The source as a complete local file: an object in a bucket is fetched whole (once) when a decoder asks. */
    public Path path() {
        return remote == null || headerOnly ? path : remote.complete();
    }

    /** The object in a bucket this source is, read on demand; empty for a file. */
    public Optional<RemoteObject> remote() {
        return Optional.ofNullable(remote);
    }

    public RenderRequest request() {
        return request;
    }

    public boolean underRoots() {
        return underRoots;
    }

    /**
     * The format its first bytes name ({@link SourceFormat}, the one sniffer every component uses); PICT, whose
     * signature sits 512 bytes in, reads as {@link SourceFormat#UNKNOWN} here and is left to ImageIO.
     */
    public SourceFormat format() {
        if (format == null) {
            byte[] h = head();
            format = SourceFormat.of(h, h.length);
        }
        return format;
    }

    private byte[] head() {
        if (head == null) {
            try (InputStream in = remote != null ? Channels.newInputStream(remote.channel())
                    : Files.newInputStream(path)) {
                head = in.readNBytes(HEAD_BYTES);
            } catch (IOException e) {
                throw RenderException.unreadableSource(
                        "corrupt or unreadable image " + path.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return head;
    }
}
