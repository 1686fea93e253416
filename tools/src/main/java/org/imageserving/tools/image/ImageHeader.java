package org.imageserving.tools.image;

import org.imageserving.common.imaging.format.SourceFormat;
/**
 * What a source's header says, read before any pixel is decoded.
 *
 * @param format the format told by the file's first bytes
 * @param readerFormat the ImageIO reader's name for it
 * @param width pixels
 * @param height pixels
 * @param bitsPerComponent largest sample size of the raw image type, 0 when the reader cannot say without decoding
 * @param bands channels of the raw image type, 0 when unknown
 * @param images images in the file, when the reader can count them cheaply (-1 otherwise)
 */
public record ImageHeader(SourceFormat format, String readerFormat, int width, int height, int bitsPerComponent,
        int bands, int images) {
    public long pixels() {
        return (long) width * height;
    }
}
