package org.imageserving.ps.content;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.imageserving.common.imaging.source.s3.ObjectStore;
import org.imageserving.common.imaging.source.s3.ObjectStoreException;
import org.imageserving.ps.reply.Reply;

/**
 * The body of a static-content reply from a bucket: one ranged GET of the version the reply's headers describe
 * (pinned with {@code If-Match}), copied through one buffer as the client takes it, so an object of any size never
 * sits in the heap. The GET is sent only when the body is written: a {@code HEAD} or a 304 costs the lookup's HEAD
 * alone. An object replaced since that HEAD, or a store that fails mid-way, ends the reply short (Tomcat closes the
 * connection), as a file that shrank does: never a body of another version under this version's ETag.
 */
final class ObjectBody implements Reply.BodyStream {
    private static final int BUFFER = 64 * 1024;
    private final ObjectStore store;
    private final ContentRoots.Found.Object object;
    private final long first;
    private final long length;

    ObjectBody(ObjectStore store, ContentRoots.Found.Object object, long first, long length) {
        this.store = store;
        this.object = object;
        this.first = first;
        this.length = length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        if (length == 0) {
            return;
        }
        try (InputStream in = store.stream(object.root(), object.key(), object.version().etag(), first,
                first + length - 1)) {
            byte[] buffer = new byte[(int) Math.min(BUFFER, length)];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("s3://" + object.root().bucket() + "/" + object.key() + " ended "
                            + left + " bytes early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        } catch (ObjectStoreException e) {
            throw new IOException("static content could not be read: " + e.getMessage(), e);
        }
    }
}
