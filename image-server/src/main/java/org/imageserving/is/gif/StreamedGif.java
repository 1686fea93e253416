package org.imageserving.is.gif;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imageserving.is.render.BoxReduce;
import org.imageserving.is.render.BoxReducedSource;
import org.imageserving.is.render.PixelSource;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.SourceImage;

/**
 * The first image of a GIF decoded ({@link GifLzw}) and its rows summed from the palette into a reducing
 * {@link BoxReduce}: the ImageIO path decoded the whole frame to indices, then Java2D turned 12 M indexed pixels into
 * working ones, and its decoder reads the code stream a byte at a time through an {@code ImageInputStream}. The rows
 * of a non-interlaced image are summed as they come out of the decoder, which keeps only the output its table still
 * points into, and rows below the window are never decoded; an interlaced image's window is kept (one byte a pixel)
 * until its last pass.
 *
 * <p>Like the ImageIO path, the first image is the image: its own size, not the logical screen's, its local colour
 * table or else the global one, and the transparent index of the graphic control extension before it. Only what gives
 * the ImageIO path's pixels takes this path: a file with a colour table whose transparent index lies inside it, a
 * minimum code size of 2 to 8, and a code stream that decodes cleanly to indices inside the table. Anything else, and
 * any damage met while decoding, goes to the ImageIO path, which answers with its own pixels or error.
 */
public final class StreamedGif extends BoxReducedSource {
    private final Frame frame;

    private StreamedGif(Path file, SourceImage fallback, Frame frame) {
        super(file, fallback);
        this.frame = frame;
    }

    /** What the blocks before the first image's data say. */
    record Frame(int width, int height, boolean interlaced, int[] argb, int transparent, long dataOffset,
                 int minCodeSize) {
        int colors() {
            return argb.length;
        }
    }

    /** The pixels of {@code source}: streamed when the file is one this reader decodes exactly, else ImageIO. */
    public static PixelSource of(Path file, SourceImage source) {
        if (!source.formatName().equals("gif")) {
            return PixelSource.of(source);
        }
        try {
            Frame frame = firstFrame(file);
            boolean plain = frame != null && frame.width() == source.width() && frame.height() == source.height();
            return plain ? new StreamedGif(file, source, frame) : PixelSource.of(source);
        } catch (IOException | RuntimeException e) {
            return PixelSource.of(source); // the ImageIO path reads it, or reports why it cannot
        }
    }

    /** The first image's header, palette and where its data start; null when this reader does not take the file. */
    static Frame firstFrame(Path file) throws IOException {
        try (CountingInput counting = new CountingInput(new BufferedInputStream(Files.newInputStream(file), 1 << 12));
             DataInputStream in = new DataInputStream(counting)) {
            byte[] signature = in.readNBytes(6);
            String version = new String(signature, StandardCharsets.US_ASCII);
            if (!version.equals("GIF87a") && !version.equals("GIF89a")) {
                return null;
            }
            in.skipNBytes(4); // logical screen size: the ImageIO path gives the first image at its own size
            int screenFlags = in.readUnsignedByte();
            in.skipNBytes(2); // background index, aspect ratio
            int[] global = (screenFlags & 0x80) != 0 ? colorTable(in, screenFlags & 7) : null;
            int transparent = -1;
            while (true) {
                int introducer = in.readUnsignedByte();
                if (introducer == 0x21) {
                    int label = in.readUnsignedByte();
                    if (label == 0xF9) {
                        int length = in.readUnsignedByte();
                        if (length != 4) {
                            return null;
                        }
                        int flags = in.readUnsignedByte();
                        in.skipNBytes(2); // delay
                        int index = in.readUnsignedByte();
                        transparent = (flags & 1) != 0 ? index : -1;
                    }
                    skipSubBlocks(in);
                } else if (introducer == 0x2C) {
                    in.skipNBytes(4); // position on the logical screen
                    int width = readShort(in), height = readShort(in);
                    int flags = in.readUnsignedByte();
                    int[] table = (flags & 0x80) != 0 ? colorTable(in, flags & 7) : global;
                    int minCodeSize = in.readUnsignedByte();
                    if (table == null || width == 0 || height == 0 || transparent >= table.length
                            || !GifLzw.supports(minCodeSize)) {
                        return null;
                    }
                    if (transparent >= 0) {
                        table[transparent] &= 0x00FFFFFF;
                    }
                    return new Frame(width, height, (flags & 0x40) != 0, table, transparent, counting.count,
                            minCodeSize);
                } else {
                    return null; // the trailer before any image, or not a block at all
                }
            }
        } catch (EOFException e) {
            return null;
        }
    }

    private static int[] colorTable(DataInputStream in, int size) throws IOException {
        int[] argb = new int[2 << size];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = 0xFF000000 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        }
        return argb;
    }

    private static void skipSubBlocks(DataInputStream in) throws IOException {
        for (int length = in.readUnsignedByte(); length != 0; length = in.readUnsignedByte()) {
            in.skipNBytes(length);
        }
    }

    private static int readShort(DataInputStream in) throws IOException {
        return in.readUnsignedByte() | in.readUnsignedByte() << 8;
    }

    /** The window reduced by {@code factor}; null when the code stream is not what the header promised. */
    @Override
    protected BufferedImage reduceWindow(Rectangle window, int factor) throws IOException {
        int width = width(), last = window.y + window.height;
        BoxReduce box = new BoxReduce(window.width, window.height, factor);
        int[] premultiplied = new int[frame.colors()];
        for (int i = 0; i < premultiplied.length; i++) {
            premultiplied[i] = Pixels.premultiply(frame.argb()[i]); // alpha 0 or 255: nothing to round
        }
        long[] palette = BoxReduce.lanes(premultiplied);
        int colors = frame.colors();
        boolean complete;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in.skipNBytes(frame.dataOffset());
            GifLzw lzw = new GifLzw(in, frame.minCodeSize());
            if (frame.interlaced()) {
                // the passes deliver the rows out of order: the window's rows are kept until the last pass
                if ((long) window.height * width > Integer.MAX_VALUE - 8) {
                    return null; // more than one array holds: the ImageIO path decides
                }
                byte[] rows = new byte[window.height * width];
                int[] order = interlacedOrder(height());
                // an interlaced image's last pass reaches every other row to the bottom
                complete = lzw.decode(width, height(), (row, buffer, at) -> {
                    int y = order[row];
                    if (y >= window.y && y < last) {
                        System.arraycopy(buffer, at, rows, (y - window.y) * width, width);
                    }
                    return true;
                });
                for (int y = 0; complete && y < window.height; y++) {
                    complete = box.addIndexed(rows, y * width + window.x, palette) < colors;
                }
            } else { // rows below the window are never decoded
                complete = lzw.decode(width, last, (row, buffer, at) ->
                        row < window.y || box.addIndexed(buffer, at + window.x, palette) < colors);
            }
        }
        return complete ? box.result() : null;
    }

    /** The image row of each row of an interlaced image, in the order the encoder wrote them. */
    private static int[] interlacedOrder(int height) {
        int[] order = new int[height];
        int written = 0;
        for (int[] pass : PASSES) {
            for (int y = pass[0]; y < height; y += pass[1]) {
                order[written++] = y;
            }
        }
        return order;
    }

    /** The interlaced row order: first row and step of each of the four passes. */
    private static final int[][] PASSES = {{0, 8}, {4, 8}, {2, 4}, {1, 2}};

    /** Counts the bytes read, so the header pass knows where the image data start. */
    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
