package org.imageserving.tools.ptiff;

/** Tile compression of a pyramid TIFF, with its TIFF tag value. */
public enum Compression {
    NONE(1), LZW(5), JPEG(7), DEFLATE(8);

    /** Value of the TIFF Compression tag (259). */
    public final int tiffCode;

    Compression(int tiffCode) {
        this.tiffCode = tiffCode;
    }
}
