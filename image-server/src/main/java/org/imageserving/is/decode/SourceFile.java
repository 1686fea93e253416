package org.imageserving.is.decode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.render.RenderException;

/**
 * A source file to decode, as the decoders see it. Its leading bytes are read at most once, when a decoder first asks,
 * so that telling formats apart costs one small read however many decoders look.
 */
public final class SourceFile {
    /** Enough for every signature the decoders test. */
    private static final int HEAD_BYTES = 16;
    private final Path path;
    private final RenderRequest request;
    private final boolean underRoots;
    private byte[] head;

    /**
     * @param underRoots false for a source sent with the request (a nested request's reply or a foreign image), kept
     *                   in a temporary file outside every root
     */
    public SourceFile(Path path, RenderRequest request, boolean underRoots) {
        this.path = path;
        this.request = request;
        this.underRoots = underRoots;
    }

    public Path path() {
        return path;
    }

    public RenderRequest request() {
        return request;
    }

    public boolean underRoots() {
        return underRoots;
    }

    /** Whether the file starts with {@code signature}. */
    public boolean startsWith(int... signature) {
        byte[] h = head();
        if (h.length < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((h[i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private byte[] head() {
        if (head == null) {
            try (InputStream in = Files.newInputStream(path)) {
                head = in.readNBytes(HEAD_BYTES);
            } catch (IOException e) {
                throw RenderException.unreadableSource(
                        "corrupt or unreadable image " + path.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return head;
    }
}
