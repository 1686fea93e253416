package org.imageserving.is.decode;

import java.util.Optional;

/**
 * One kind of source file. {@link SourceDecoders} asks its decoders in order: the first that {@linkplain #accepts
 * accepts} a file and {@linkplain #open opens} it serves the request.
 *
 * <p>Lifecycle: {@code accepts} is a cheap look at the name and the leading bytes ({@link SourceFile#startsWith}, read
 * once for all decoders), as it is made for most requests; {@code open} reads the header, and refuses what must not be
 * served with the status and message of the request's error, but decodes no pixel; the {@link OpenSource} is then
 * read for one render and closed.
 */
public interface SourceDecoder {
    boolean accepts(SourceFile file);

    /**
     * The opened source, or empty when a closer look shows that the file is not this decoder's after all (a TIFF that
     * is not a pyramid): the next decoder is asked then.
     */
    Optional<OpenSource> open(SourceFile file);
}
