package org.imageserving.is.jpeg;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.imageserving.is.render.Pixels;

/**
 * JPEG tiles of a TIFF (compression 7) decoded by libjpeg-turbo through Leptonica, as {@link NativeJpeg} decodes JPEG
 * files (same IDCT and upsampling as the JDK's libjpeg, so the same pixels), failing on any libjpeg warning so that
 * a damaged tile reaches the ImageIO path and its error. One decoder serves the tiles of one read: its native buffer
 * (pooled across reads) holds the shared tables once and each tile's stream in turn after them.
 *
 * <p>A TIFF may keep the quantization and Huffman tables once, in its JPEGTables tag (a tables-only stream), and store
 * each tile as an abbreviated stream without them. Leptonica reads only complete streams, so the decoder makes one:
 * the tables stream without its end-of-image marker, then the tile with its start-of-image marker overwritten by two
 * 0xFF fill bytes, which JPEG allows before any marker. A tile that carries its own tables (as {@code ic}'s do) just
 * redefines them.
 *
 * <p>Before decoding, the tile's own markers are checked ({@link Expected}): an 8-bit Huffman frame of the tile's
 * size, whose colour interpretation by libjpeg (YCbCr converted to RGB, RGB kept, gray) is the one the TIFF declares.
 * Anything else is refused ({@code false}), and the caller keeps the ImageIO path.
 */
public final class JpegTileDecoder implements AutoCloseable {
    /** Tile streams are small (a 256×256 tile is tens of KB); a buffer of this size serves nearly every tile. */
    private static final long POOLED_BYTES = 1L << 20;
    /** Buffers kept for the next read: a fresh one costs page faults on every request. */
    private static final ConcurrentLinkedQueue<BytePointer> POOL = new ConcurrentLinkedQueue<>();
    private static final int SOI = 0xD8, EOI = 0xD9, SOS = 0xDA;

    private final byte[] prefix;
    private BytePointer buffer;

    /** How a tile's stream must look for the native decoder to give the ImageIO path's pixels. */
    public record Expected(int width, int height, int components, boolean rgb) {}

    private JpegTileDecoder(byte[] prefix) {
        this.prefix = prefix;
        this.buffer = take(POOLED_BYTES);
        buffer.position(0).put(prefix, 0, prefix.length);
    }

    /** Whether the native decoder is loaded at all. */
    public static boolean available() {
        return NativeJpeg.available();
    }

    /**
     * A decoder for tiles sharing {@code tables} (the JPEGTables tag: start of image, table segments, end of image),
     * or without shared tables when null; empty when the tables stream holds anything else.
     */
    public static Optional<JpegTileDecoder> of(byte[] tables) {
        if (!available()) {
            return Optional.empty();
        }
        if (tables == null) {
            return Optional.of(new JpegTileDecoder(new byte[] {(byte) 0xFF, (byte) SOI}));
        }
        return tablesWithoutEnd(tables).map(JpegTileDecoder::new);
    }

    /** Whether {@code tables} is a tables-only stream this decoder can put before each tile. */
    public static boolean splices(byte[] tables) {
        return tablesWithoutEnd(tables).isPresent();
    }

    /**
     * The tables stream without its end-of-image marker; empty unless it is start of image, then only quantization,
     * Huffman, restart-interval, comment or application segments, then end of image.
     */
    static Optional<byte[]> tablesWithoutEnd(byte[] tables) {
        if (tables.length < 4 || u8(tables, 0) != 0xFF || u8(tables, 1) != SOI) {
            return Optional.empty();
        }
        int at = 2;
        while (at + 2 <= tables.length) {
            if (u8(tables, at) != 0xFF) {
                return Optional.empty();
            }
            int marker = u8(tables, at + 1);
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == EOI) {
                return at + 2 == tables.length ? Optional.of(java.util.Arrays.copyOf(tables, at)) : Optional.empty();
            }
            boolean table = marker == 0xDB || marker == 0xC4 || marker == 0xDD || marker == 0xFE
                    || (marker >= 0xE0 && marker <= 0xEF);
            if (!table || at + 4 > tables.length) {
                return Optional.empty();
            }
            int length = (u8(tables, at + 2) << 8) | u8(tables, at + 3);
            if (length < 2) {
                return Optional.empty();
            }
            at += 2 + length;
        }
        return Optional.empty();
    }

    /** A buffer of {@code length} bytes into which the caller reads one tile's stream, from its first byte. */
    public ByteBuffer tileBuffer(int length) {
        long needed = (long) prefix.length + length;
        if (needed > buffer.capacity()) {
            give(buffer);
            buffer = new BytePointer(needed);
            buffer.position(0).put(prefix, 0, prefix.length);
        }
        return buffer.position(prefix.length).limit(needed).asByteBuffer();
    }

    /**
     * Decodes the tile last read into {@link #tileBuffer} ({@code length} bytes) and copies its pixels
     * {@code [sx, sx + w) × [sy, sy + h)} (tile coordinates) into the working image {@code target} at ({@code tx},
     * {@code ty}). False when the stream is not as expected or libjpeg refuses or warns.
     */
    public boolean decodeInto(int length, Expected expected, BufferedImage target, int sx, int sy, int w, int h,
                              int tx, int ty) {
        ByteBuffer tile = buffer.position(0).limit((long) prefix.length + length).asByteBuffer();
        if (!matches(tile, prefix.length, expected)) {
            return false;
        }
        tile.put(prefix.length, (byte) 0xFF).put(prefix.length + 1, (byte) 0xFF); // the tile's SOI: fill bytes
        PIX pix = leptonica.pixReadMemJpeg(buffer.position(0), (long) prefix.length + length, 0, 1, (IntPointer) null,
                0);
        if (pix == null) {
            return false; // refused, or a libjpeg warning: the ImageIO path reports it
        }
        try {
            int depth = expected.components() == 3 ? 32 : 8;
            if (pix.d() != depth || pix.w() != expected.width() || pix.h() != expected.height() || sx + w > pix.w()
                    || sy + h > pix.h()) {
                return false;
            }
            copy(pix, sx, sy, w, h, target, tx, ty);
            return true;
        } finally {
            leptonica.pixDestroy(pix);
        }
    }

    /** Leptonica words: 0xRRGGBBxx at 32 bits; at 8 bits four pixels, the first in the high byte. */
    private static void copy(PIX pix, int sx, int sy, int w, int h, BufferedImage target, int tx, int ty) {
        int[] out = Pixels.data(target);
        int stride = target.getWidth();
        IntPointer data = pix.data();
        int wpl = pix.wpl();
        if (pix.d() == 32) {
            for (int y = 0; y < h; y++) {
                int row = (ty + y) * stride + tx;
                data.position((long) (sy + y) * wpl + sx).get(out, row, w);
                for (int i = row; i < row + w; i++) {
                    out[i] = 0xFF000000 | (out[i] >>> 8);
                }
            }
            return;
        }
        int first = sx >> 2;
        int words = ((sx + w - 1) >> 2) - first + 1;
        int[] line = new int[words];
        for (int y = 0; y < h; y++) {
            data.position((long) (sy + y) * wpl + first).get(line, 0, words);
            int row = (ty + y) * stride + tx;
            for (int x = 0; x < w; x++) {
                int px = sx + x;
                int g = (line[(px >> 2) - first] >>> (24 - 8 * (px & 3))) & 0xFF;
                out[row + x] = 0xFF000000 | g << 16 | g << 8 | g;
            }
        }
    }

    /**
     * Whether the tile's markers up to its first scan describe what {@code expected} says, read as libjpeg will: an
     * 8-bit baseline, extended or progressive Huffman frame of the tile's size and component count; three components
     * taken as RGB exactly when the TIFF says RGB (libjpeg's rule: a JFIF marker means YCbCr, else an Adobe marker
     * decides, else component ids 'R', 'G', 'B' mean RGB).
     */
    static boolean matches(ByteBuffer stream, int start, Expected expected) {
        int limit = stream.limit();
        if (start + 4 > limit || u8(stream, start) != 0xFF || u8(stream, start + 1) != SOI) {
            return false;
        }
        boolean jfif = false, frame = false, rgbIds = false;
        int adobe = -1;
        int at = start + 2;
        while (at + 4 <= limit) {
            if (u8(stream, at) != 0xFF) {
                return false;
            }
            int marker = u8(stream, at + 1);
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == SOI || marker == EOI || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                return false;
            }
            int length = (u8(stream, at + 2) << 8) | u8(stream, at + 3);
            int body = at + 4;
            if (length < 2 || body + length - 2 > limit) {
                return false;
            }
            if (marker == SOS) {
                if (!frame) {
                    return false;
                }
                boolean rgb = !jfif && (adobe >= 0 ? adobe == 0 : rgbIds);
                return expected.components() == 1 || rgb == expected.rgb();
            }
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                boolean huffman = marker == 0xC0 || marker == 0xC1 || marker == 0xC2;
                int components = length >= 8 ? u8(stream, body + 5) : -1;
                if (frame || !huffman || length < 8 + 3 * Math.max(components, 0) || u8(stream, body) != 8
                        || ((u8(stream, body + 1) << 8) | u8(stream, body + 2)) != expected.height()
                        || ((u8(stream, body + 3) << 8) | u8(stream, body + 4)) != expected.width()
                        || components != expected.components()) {
                    return false;
                }
                frame = true;
                rgbIds = components == 3 && u8(stream, body + 6) == 'R' && u8(stream, body + 9) == 'G'
                        && u8(stream, body + 12) == 'B';
            } else if (marker == 0xE0 && length >= 7 && u8(stream, body) == 'J' && u8(stream, body + 1) == 'F'
                    && u8(stream, body + 2) == 'I' && u8(stream, body + 3) == 'F' && u8(stream, body + 4) == 0) {
                jfif = true;
            } else if (marker == 0xEE && length >= 14 && u8(stream, body) == 'A' && u8(stream, body + 1) == 'd'
                    && u8(stream, body + 2) == 'o' && u8(stream, body + 3) == 'b' && u8(stream, body + 4) == 'e') {
                adobe = u8(stream, body + 11);
            }
            at = body + length - 2;
        }
        return false;
    }

    @Override
    public void close() {
        give(buffer);
        buffer = null;
    }

    private static BytePointer take(long size) {
        BytePointer pooled = POOL.poll();
        return pooled != null ? pooled : new BytePointer(size);
    }

    private static void give(BytePointer used) {
        if (used.capacity() == POOLED_BYTES) {
            used.position(0).limit(used.capacity());
            POOL.offer(used);
        } else {
            used.close();
        }
    }

    private static int u8(byte[] bytes, int at) {
        return bytes[at] & 0xFF;
    }

    private static int u8(ByteBuffer bytes, int at) {
        return bytes.get(at) & 0xFF;
    }
}
