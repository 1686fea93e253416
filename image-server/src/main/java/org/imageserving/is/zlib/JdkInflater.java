package org.imageserving.is.zlib;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** zlib's inflate as the JDK links it ({@link Inflater}): everywhere, and the reference the other engine must match. */
final class JdkInflater implements ZlibInflater {
    private final Inflater inflater = new Inflater();

    @Override
    public void setInput(byte[] input, int offset, int length) {
        inflater.setInput(input, offset, length);
    }

    @Override
    public int inflate(byte[] out, int offset, int length) throws DataFormatException {
        return inflater.inflate(out, offset, length);
    }

    @Override
    public boolean ended() {
        return inflater.finished() || inflater.needsDictionary();
    }

    @Override
    public void close() {
        inflater.end();
    }
}
