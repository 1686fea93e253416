package org.imageserving.tools.ptiff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A JPEG file that can become a TIFF's JPEG-compressed (compression 7) strip as it is: sequential Huffman coding (SOF0
 * or SOF1), 8-bit samples, gray or YCbCr with the chroma sampled alike and no finer than luma, as TIFF's
 * YCbCrSubsampling can describe. Progressive, arithmetic, 12-bit, CMYK and RGB (Adobe transform 0) files are not:
 * TIFF readers need them decoded.
 *
 * @param data the whole file, copied into the TIFF unchanged
 * @param width pixels
 * @param height pixels
 * @param components 1 (gray) or 3 (YCbCr)
 * @param horizontalSubsampling luma samples per chroma sample across (1, 2 or 4)
 * @param verticalSubsampling luma samples per chroma sample down (1, 2 or 4, at most the horizontal one)
 */
public record JpegStream(byte[] data, int width, int height, int components, int horizontalSubsampling,
        int verticalSubsampling) {

    /** The file as a strip-ready stream, or empty when it must be decoded (see the class comment). */
    public static Optional<JpegStream> of(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
            return Optional.empty();
        }
        int adobeTransform = -1;
        int at = 2;
        while (at + 4 <= data.length) {
            if ((data[at] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = data[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            int length = ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            int segment = at + 4;
            if (length < 2 || segment + length - 2 > data.length) {
                return Optional.empty();
            }
            if (marker == 0xEE && length >= 14 && data[segment] == 'A' && data[segment + 1] == 'd' && data[segment + 2] == 'o'
                    && data[segment + 3] == 'b' && data[segment + 4] == 'e') {
                adobeTransform = data[segment + 11] & 0xFF;
            }
            if (marker == 0xC0 || marker == 0xC1) {
                return frame(data, segment, adobeTransform);
            }
            if ((marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) || marker == 0xDA) {
                return Optional.empty(); // progressive, lossless, arithmetic, or scan data before any frame
            }
            at = segment + length - 2;
        }
        return Optional.empty();
    }

    private static Optional<JpegStream> frame(byte[] data, int at, int adobeTransform) {
        if (at + 6 > data.length || (data[at] & 0xFF) != 8) {
            return Optional.empty();
        }
        int height = ((data[at + 1] & 0xFF) << 8) | (data[at + 2] & 0xFF);
        int width = ((data[at + 3] & 0xFF) << 8) | (data[at + 4] & 0xFF);
        int components = data[at + 5] & 0xFF;
        if (width == 0 || height == 0 || (components != 1 && components != 3) || at + 6 + components * 3 > data.length) {
            return Optional.empty();
        }
        if (components == 1) {
            return Optional.of(new JpegStream(data, width, height, 1, 1, 1));
        }
        if (adobeTransform == 0) {
            return Optional.empty(); // RGB samples, not YCbCr
        }
        int[] h = new int[3];
        int[] v = new int[3];
        for (int c = 0; c < 3; c++) {
            int factors = data[at + 6 + c * 3 + 1] & 0xFF;
            h[c] = factors >> 4;
            v[c] = factors & 0x0F;
        }
        boolean chromaAlike = h[1] == 1 && v[1] == 1 && h[2] == 1 && v[2] == 1;
        boolean describable = (h[0] == 1 || h[0] == 2 || h[0] == 4) && (v[0] == 1 || v[0] == 2 || v[0] == 4) && v[0] <= h[0];
        if (!chromaAlike || !describable) {
            return Optional.empty();
        }
        return Optional.of(new JpegStream(data, width, height, 3, h[0], v[0]));
    }
}
