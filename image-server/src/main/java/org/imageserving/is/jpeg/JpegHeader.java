package org.imageserving.is.jpeg;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a JPEG file's markers say before its first scan: the frame type, sample precision, components, the Adobe
 * colour transform, an embedded ICC profile, and whether the file ends with its end-of-image marker. Enough to decide
 * whether the native decoder renders the file exactly as the ImageIO path would, without decoding a pixel.
 */
record JpegHeader(int frameMarker, int precision, int components, boolean rgbComponentIds, int adobeTransform,
                  Optional<byte[]> iccProfile, boolean complete) {
    private static final byte[] ICC_SIGNATURE = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADOBE_SIGNATURE = "Adobe".getBytes(StandardCharsets.US_ASCII);
    /** How far before the end a trailing end-of-image marker is looked for (some writers pad files). */
    private static final int TAIL = 1024;
    /** The markers before the first scan must fit here (EXIF with its thumbnail and an ICC profile do). */
    private static final int HEAD = 512 * 1024;
    private static final int FIRST_HEAD = 64 * 1024;

    static final int NO_ADOBE_MARKER = -1;

    /** Reads the markers of {@code file} and looks at its end; empty when it is no JPEG this class understands. */
    static Optional<JpegHeader> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, TAIL));
            readFully(channel, tail, size - tail.capacity());
            boolean complete = endsWithEndOfImage(tail);
            // Most headers fit the first 64 KB; EXIF with a large thumbnail, or a big profile, may need more.
            for (int headBytes : new int[] {FIRST_HEAD, HEAD}) {
                ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, headBytes));
                readFully(channel, head, 0);
                try {
                    return Optional.ofNullable(parseOrNull(head, complete));
                } catch (IndexOutOfBoundsException e) {
                    if (head.limit() == size) {
                        break; // the whole file was read: a marker segment runs past its end
                    }
                }
            }
            return Optional.empty(); // let the ImageIO path decide
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
    }

    private static JpegHeader parseOrNull(ByteBuffer file, boolean complete) {
        int limit = file.limit();
        if (limit < 4 || u8(file, 0) != 0xFF || u8(file, 1) != 0xD8) {
            return null;
        }
        int frame = -1, precision = 0, components = 0, adobe = NO_ADOBE_MARKER;
        boolean rgbIds = false;
        TreeMap<Integer, byte[]> iccChunks = new TreeMap<>();
        int at = 2;
        while (true) {
            if (u8(file, at) != 0xFF) {
                return null;
            }
            int marker = u8(file, at + 1);
            if (marker == 0xFF) { // fill byte
                at++;
                continue;
            }
            if (marker == 0xD9 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                return null; // end of image or a restart marker before any scan
            }
            int length = u16(file, at + 2);
            int body = at + 4;
            if (marker == 0xDA) {
                break; // start of scan: every header marker has been seen
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                frame = marker;
                precision = u8(file, body);
                components = u8(file, body + 5);
                if (components == 3) {
                    rgbIds = u8(file, body + 6) == 'R' && u8(file, body + 9) == 'G' && u8(file, body + 12) == 'B';
                }
            } else if (marker == 0xE2 && startsWith(file, body, ICC_SIGNATURE) && length > 16) {
                int sequence = u8(file, body + ICC_SIGNATURE.length);
                byte[] chunk = new byte[length - 2 - ICC_SIGNATURE.length - 2];
                file.get(body + ICC_SIGNATURE.length + 2, chunk);
                iccChunks.put(sequence, chunk);
            } else if (marker == 0xEE && startsWith(file, body, ADOBE_SIGNATURE) && length >= 14) {
                adobe = u8(file, body + 11);
            }
            at = body + length - 2;
        }
        Optional<byte[]> icc = Optional.empty();
        if (!iccChunks.isEmpty()) {
            ByteArrayOutputStream profile = new ByteArrayOutputStream();
            iccChunks.values().forEach(profile::writeBytes);
            icc = Optional.of(profile.toByteArray());
        }
        return new JpegHeader(frame, precision, components, rgbIds, adobe, icc, complete);
    }

    /** A truncated file has no end-of-image marker: such files must reach the ImageIO path, which reports them. */
    private static boolean endsWithEndOfImage(ByteBuffer tail) {
        for (int i = tail.limit() - 2; i >= 0; i--) {
            if (u8(tail, i) == 0xFF && u8(tail, i + 1) == 0xD9) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the native decoder gives the colours of the ImageIO path: 8-bit YCbCr baseline, extended or progressive
     * Huffman frames, a complete file, and no profile or an RGB profile Java can read (sRGB as it is, another one
     * converted after decoding: {@link #profileToConvert()}). CMYK and YCCK ({@link #adobeCmyk()}), RGB-coded, gray, 12-bit, lossless and
     * arithmetic-coded files, and those with an unreadable profile, keep the ImageIO path, which converts or reports
     * them.
     */
    boolean decodesNatively() {
        boolean huffman = frameMarker == 0xC0 || frameMarker == 0xC1 || frameMarker == 0xC2;
        boolean ycbcr = components == 3 && !rgbComponentIds && (adobeTransform == NO_ADOBE_MARKER || adobeTransform == 1);
        boolean colours = iccProfile.isEmpty() || SrgbProfile.matches(iccProfile.get()) || profileToConvert().isPresent();
        return huffman && precision == 8 && ycbcr && complete && colours;
    }

    /**
     * Whether this is an Adobe CMYK (transform 0) or YCCK (transform 2) file that libjpeg decodes to the raw
     * components the ImageIO path converts: 8-bit Huffman frames, four components, complete. A four-component file
     * without the Adobe marker (its inversion unknown) keeps the ImageIO path; so does one whose profile is not CMYK.
     */
    boolean adobeCmyk() {
        boolean huffman = frameMarker == 0xC0 || frameMarker == 0xC1 || frameMarker == 0xC2;
        return huffman && precision == 8 && components == 4 && (adobeTransform == 0 || adobeTransform == 2) && complete;
    }

    /** The embedded RGB profile the decoded pixels are converted from, unless there is none or it is sRGB. */
    Optional<ICC_Profile> profileToConvert() {
        if (iccProfile.isEmpty() || SrgbProfile.matches(iccProfile.get())) {
            return Optional.empty();
        }
        try {
            ICC_Profile profile = ICC_Profile.getInstance(iccProfile.get());
            return profile.getColorSpaceType() == ColorSpace.TYPE_RGB && profile.getNumComponents() == 3
                    ? Optional.of(profile) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a profile Java reads: the ImageIO path decides
        }
    }

    private static boolean startsWith(ByteBuffer file, int at, byte[] prefix) {
        if (at + prefix.length > file.limit()) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (file.get(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(ByteBuffer file, int at) {
        return file.get(at) & 0xFF;
    }

    private static int u16(ByteBuffer file, int at) {
        return (u8(file, at) << 8) | u8(file, at + 1);
    }
}
