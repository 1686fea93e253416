package org.imageserving.is.zlib;

import java.util.zip.DataFormatException;

/**
 * A zlib stream (RFC 1950) inflated as its compressed bytes arrive, the shape of {@link java.util.zip.Inflater}'s
 * streaming calls, so a reader can take either engine: call {@link #inflate} until it returns 0, then {@link #ended}
 * says whether the stream is over, else {@link #setInput} hands over the next compressed bytes. Not thread-safe; close
 * it when done (native engines give their memory back).
 */
public interface ZlibInflater extends AutoCloseable {
    /**
     * The next compressed bytes; only after {@link #inflate} returned 0 (the earlier input is used up) and the stream
     * has not ended. The array may be read until {@link #inflate} returns 0 again, so it must not change before then.
     */
    void setInput(byte[] input, int offset, int length);

    /**
     * Fills {@code out[offset, offset + length)} as far as the input given so far allows.
     *
     * @return the bytes written; 0 when more input is needed or the stream ended
     * @throws DataFormatException when the stream is not valid zlib data (its checksum included)
     */
    int inflate(byte[] out, int offset, int length) throws DataFormatException;

    /** True once the stream's end was reached, or it asks for a preset dictionary, which PNG never uses. */
    boolean ended();

    @Override
    void close();
}
