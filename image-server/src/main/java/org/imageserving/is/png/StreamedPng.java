package org.imageserving.is.png;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import org.imageserving.is.render.BoxReduce;
import org.imageserving.is.render.BoxReducedSource;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.SourceImage;
import org.imageserving.is.zlib.ZlibInflater;
import org.imageserving.is.zlib.ZlibInflaters;

/**
 * A PNG decoded row by row (inflated by ISA-L where installed, else zlib: {@link ZlibInflaters}; the five row
 * filters here) into a reducing {@link BoxReduce}, so no full-size image exists, 16-bit samples become 8-bit as each
 * row arrives, and palette indices and gray levels are summed straight from their (premultiplied) colours: the ImageIO
 * path decoded the whole image, then Java2D's generic path turned 12 M 16-bit pixels into working ones (about 290 ms
 * of the 930 a 12 MP 16-bit PNG cost). Rows below the window are never inflated.
 *
 * <p>Only what gives the ImageIO path's pixels takes this path: non-interlaced 8- or 16-bit RGB or RGBA without
 * {@code tRNS}, 1- to 8-bit palette images with or without {@code tRNS} alphas, 8-bit gray without {@code tRNS}; no
 * {@code iCCP}, and a file that ends with its {@code IEND} chunk. Gray with alpha, 16-bit or low-depth gray,
 * interlaced files, profiles, an index past the palette, and any file this reader finds damaged (a bad CRC, a short
 * or malformed zlib stream, an unknown filter) keep or fall back to the ImageIO path, which answers with its own
 * pixels or error.
 */
public final class StreamedPng extends BoxReducedSource {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final int IDAT = chunkType("IDAT");
    private final Header header;

    private StreamedPng(Path file, SourceImage fallback, Header header) {
        super(file, fallback);
        this.header = header;
    }

    /**
     * What IHDR, PLTE and tRNS say. {@code palette}: for indexed and gray images, the premultiplied colour of each
     * index or gray level (the gray ramp for gray), which rows of indices are summed from; null for RGB(A).
     */
    private record Header(int bitDepth, int colorType, int[] palette) {
        boolean indexed() {
            return palette != null;
        }

        BoxReduce.Layout layout() {
            return colorType == 6 ? BoxReduce.Layout.RGBA_UNASSOCIATED : BoxReduce.Layout.RGB;
        }

        int bitsPerPixel() {
            return indexed() ? bitDepth : layout().samples() * bitDepth;
        }
    }

    /** The pixels of {@code source}: streamed when the file is one this reader decodes exactly, else ImageIO. */
    public static PixelSource of(Path file, SourceImage source) {
        if (!source.formatName().equals("png")) {
            return PixelSource.of(source);
        }
        try {
            Header header = header(file, source);
            return header != null ? new StreamedPng(file, source, header) : PixelSource.of(source);
        } catch (IOException | RuntimeException e) {
            return PixelSource.of(source); // the ImageIO path reads it, or reports why it cannot
        }
    }

    /** The header when the chunks before the first IDAT and the file's end make a PNG this reader takes, else null. */
    private static Header header(Path file, SourceImage source) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer tail = ByteBuffer.allocate(IEND.length);
            if (size < 8 + 25 + IEND.length || channel.read(tail, size - IEND.length) != IEND.length
                    || !Arrays.equals(tail.array(), IEND)) {
                return null; // truncated, or trailing bytes: the ImageIO path decides
            }
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 12))) {
            if (!Arrays.equals(in.readNBytes(8), SIGNATURE) || in.readInt() != 13 || in.readInt() != chunkType("IHDR")) {
                return null;
            }
            int width = in.readInt(), height = in.readInt();
            int bitDepth = in.readUnsignedByte(), colorType = in.readUnsignedByte();
            int compression = in.readUnsignedByte(), filter = in.readUnsignedByte(), interlace = in.readUnsignedByte();
            in.skipNBytes(4); // CRC
            boolean rgb = (colorType == 2 || colorType == 6) && (bitDepth == 8 || bitDepth == 16);
            boolean indexed = colorType == 3 && (bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8);
            boolean gray = colorType == 0 && bitDepth == 8;
            boolean plain = width == source.width() && height == source.height() && (rgb || indexed || gray)
                    && compression == 0 && filter == 0 && interlace == 0;
            if (!plain) {
                return null;
            }
            int[] palette = gray ? grayRamp() : null;
            byte[] alphas = null;
            while (true) {
                int length = in.readInt(), type = in.readInt();
                if (type == IDAT) {
                    if (indexed && palette == null) {
                        return null;
                    }
                    return new Header(bitDepth, colorType, indexed ? premultiplied(palette, alphas) : palette);
                }
                if (length < 0 || type == chunkType("iCCP") || type == chunkType("IEND")) {
                    return null;
                }
                if (type == chunkType("tRNS")) {
                    // a transparent RGB or gray value is left to the ImageIO path; alphas need their palette first
                    if (!indexed || palette == null || alphas != null || length > palette.length) {
                        return null;
                    }
                    alphas = in.readNBytes(length);
                    in.skipNBytes(4);
                } else if (type == chunkType("PLTE") && indexed) {
                    if (palette != null || length % 3 != 0 || length == 0 || length / 3 > 1 << bitDepth) {
                        return null;
                    }
                    byte[] rgb3 = in.readNBytes(length);
                    CRC32 crc = new CRC32();
                    crc.update(ByteBuffer.allocate(4).putInt(0, type));
                    crc.update(rgb3);
                    if ((int) crc.getValue() != in.readInt()) {
                        return null; // a damaged palette: the ImageIO path decides what it is
                    }
                    palette = new int[length / 3];
                    for (int i = 0; i < palette.length; i++) {
                        palette[i] = 0xFF000000 | (rgb3[3 * i] & 0xFF) << 16 | (rgb3[3 * i + 1] & 0xFF) << 8
                                | rgb3[3 * i + 2] & 0xFF;
                    }
                } else {
                    in.skipNBytes(length + 4L);
                }
            }
        } catch (EOFException e) {
            return null;
        }
    }

    /** Gray levels as the indices of an opaque gray palette: the ImageIO path copies them, no gamma applied. */
    private static int[] grayRamp() {
        int[] ramp = new int[256];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 0xFF000000 | i * 0x010101;
        }
        return ramp;
    }

    /** The palette with the tRNS alphas (entries past them opaque), premultiplied and rounded as the resampler does. */
    private static int[] premultiplied(int[] palette, byte[] alphas) {
        int[] result = new int[palette.length];
        for (int i = 0; i < palette.length; i++) {
            int alpha = alphas != null && i < alphas.length ? alphas[i] & 0xFF : 255;
            int c = palette[i];
            result[i] = alpha << 24 | ((c >> 16 & 0xFF) * alpha + 127) / 255 << 16
                    | ((c >> 8 & 0xFF) * alpha + 127) / 255 << 8 | ((c & 0xFF) * alpha + 127) / 255;
        }
        return result;
    }

    /**
     * The streamed decode alone, without the ImageIO path behind it: null (or an exception) where {@link #read} would
     * hand over to that path. For the tests and benchmarks that must know which path answered.
     */
    public BufferedImage readStreamed(Rectangle window, int factor) throws IOException, DataFormatException {
        return reduceWindow(window, factor);
    }

    /** The window reduced by {@code factor}; null when the file is not what the header promised. */
    @Override
    protected BufferedImage reduceWindow(Rectangle window, int factor) throws IOException, DataFormatException {
        BoxReduce.Layout layout = header.layout();
        int samples = layout.samples(), bitDepth = header.bitDepth();
        int bpp = Math.max(1, header.bitsPerPixel() / 8); // the filters' unit, in bytes
        int rowBytes = (int) (((long) width() * header.bitsPerPixel() + 7) / 8);
        byte[] previous = new byte[rowBytes], current = new byte[rowBytes];
        byte[] eight = new byte[header.indexed() ? width() : width() * samples];
        long[] palette = header.indexed() ? BoxReduce.lanes(header.palette()) : null;
        boolean alpha = layout == BoxReduce.Layout.RGBA_UNASSOCIATED;
        BoxReduce box = new BoxReduce(window.width, window.height, factor);
        ZlibInflater inflater = ZlibInflaters.open();
        try (InputStream raw = Files.newInputStream(file);
             IdatStream idat = new IdatStream(new DataInputStream(new BufferedInputStream(raw, 1 << 16)), inflater)) {
            int last = window.y + window.height;
            byte[] filter = new byte[1];
            for (int y = 0; y < last; y++) {
                if (!idat.inflate(filter, 1) || !idat.inflate(current, rowBytes)) {
                    return null;
                }
                if (!RowFilters.undo(filter[0], current, previous, bpp)) {
                    return null;
                }
                if (y >= window.y) {
                    if (header.indexed()) {
                        byte[] indices = current;
                        if (bitDepth < 8) {
                            unpack(current, eight, bitDepth);
                            indices = eight;
                        }
                        if (box.addIndexed(indices, window.x, palette) >= header.palette().length) {
                            return null; // an index past a short palette: the ImageIO path decides
                        }
                    } else if (alpha) {
                        byte[] row = current;
                        if (bitDepth == 16) {
                            BoxReduce.toEight(current, eight);
                            row = eight;
                        }
                        box.add(row, window.x * samples, layout);
                    } else if (bitDepth == 16) {
                        box.addRgb16(current, window.x * 6);
                    } else {
                        box.add(current, window.x * 3, BoxReduce.Layout.RGB);
                    }
                }
                byte[] swap = previous;
                previous = current;
                current = swap;
            }
            return box.result();
        } finally {
            inflater.close();
        }
    }

    /** Indices of 1, 2 or 4 bits, packed from the most significant bit, one to a byte. */
    private static void unpack(byte[] packed, byte[] indices, int bits) {
        int perByte = 8 / bits, mask = (1 << bits) - 1;
        for (int x = 0; x < indices.length; x++) {
            int shift = 8 - bits * (x % perByte + 1);
            indices[x] = (byte) (packed[x / perByte] >> shift & mask);
        }
    }

    private static int chunkType(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }

    /** The concatenated data of the IDAT chunks, CRC-checked, through {@code inflater}. */
    private static final class IdatStream implements AutoCloseable {
        private final DataInputStream in;
        private final ZlibInflater inflater;
        private final byte[] buffer = new byte[1 << 16];
        private final CRC32 crc = new CRC32();
        private long chunkLeft;
        private boolean inIdat;

        IdatStream(DataInputStream in, ZlibInflater inflater) throws IOException {
            this.in = in;
            this.inflater = inflater;
            in.skipNBytes(8);
            nextIdat();
        }

        /** Fills {@code out[0, length)}; false when the stream ends or breaks first. */
        boolean inflate(byte[] out, int length) throws IOException, DataFormatException {
            int done = 0;
            while (done < length) {
                int n = inflater.inflate(out, done, length - done);
                done += n;
                if (n == 0) {
                    if (inflater.ended() || !feed()) {
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * Hands the inflater up to a buffer's worth of IDAT data, across chunk boundaries: encoders write chunks of
         * 8 KiB, and fewer, larger pieces let each inflate call fill many rows. False when the data ended or a
         * chunk's CRC is wrong.
         */
        private boolean feed() throws IOException {
            int filled = 0;
            while (filled < buffer.length) {
                if (chunkLeft == 0) {
                    if (!inIdat) {
                        break;
                    }
                    if ((int) crc.getValue() != in.readInt()) {
                        return false; // damaged: the ImageIO path decides what it is
                    }
                    if (!nextIdat()) {
                        break;
                    }
                    continue;
                }
                int n = in.read(buffer, filled, (int) Math.min(buffer.length - filled, chunkLeft));
                if (n <= 0) {
                    break;
                }
                crc.update(buffer, filled, n);
                chunkLeft -= n;
                filled += n;
            }
            if (filled == 0) {
                return false;
            }
            inflater.setInput(buffer, 0, filled);
            return true;
        }

        /** Skips to the next chunk that is an IDAT of the first run; false past it. */
        private boolean nextIdat() throws IOException {
            while (true) {
                int length = in.readInt(), type = in.readInt();
                if (type == IDAT) {
                    crc.reset();
                    crc.update(ByteBuffer.allocate(4).putInt(0, type));
                    chunkLeft = length;
                    inIdat = true;
                    return length >= 0;
                }
                if (inIdat) {
                    inIdat = false;
                    return false; // IDATs are consecutive: the image data ended
                }
                in.skipNBytes(length + 4L);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
