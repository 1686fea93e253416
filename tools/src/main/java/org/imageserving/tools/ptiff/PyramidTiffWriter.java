package org.imageserving.tools.ptiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.imageserving.common.imaging.tiff.TiffTag;

/**
 * Writes a pyramid TIFF: a little-endian classic TIFF whose first directory is the full-resolution image and whose
 * following directories, chained, are the reduced levels (NewSubfileType 1). Every level is tiled 256×256. Levels are
 * written one at a time as they are produced, so only the current level needs to be in memory.
 */
public final class PyramidTiffWriter implements AutoCloseable {
    private static final long MAX_CLASSIC_TIFF = 0xFFFF_FFFFL;

    private final FileChannel file;
    private final TiffOptions options;
    /** One encoder per worker thread: encoders keep codec state (LZW table, Deflater, JPEG writer) between tiles. */
    private final List<TileEncoder> encoders = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ThreadLocal<TileEncoder> encoder;
    private final java.util.concurrent.ExecutorService workers;
    private long position = 8;
    /** Where the offset of the next directory goes: the header first, then the end of the last directory. */
    private long nextDirectoryPointer = 4;
    private int levels;

    public PyramidTiffWriter(Path path, TiffOptions options) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.options = options;
        this.encoder = ThreadLocal.withInitial(() -> {
            TileEncoder created = new TileEncoder(options);
            encoders.add(created);
            return created;
        });
        int threads = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));
        this.workers = java.util.concurrent.Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "ic-tile-encoder");
            thread.setDaemon(true);
            return thread;
        });
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(0).flip();
        write(header, 0);
    }

    /** Appends one level; the first call is the full-resolution image. */
    public void writeLevel(InterleavedImage image) throws IOException {
        if (options.compression() == Compression.JPEG && (image.bits() != 8 || image.hasAlpha())) {
            throw new IllegalArgumentException("JPEG tiles need 8-bit samples without alpha");
        }
        int size = TiffOptions.TILE_SIZE;
        int across = (image.width() + size - 1) / size;
        int down = (image.height() + size - 1) / size;
        long[] offsets = new long[across * down];
        long[] counts = new long[across * down];
        // tiles are compressed on every core, a row of tiles at a time, and written in order
        for (int ty = 0; ty < down; ty++) {
            List<java.util.concurrent.Future<byte[]>> row = new ArrayList<>(across);
            for (int tx = 0; tx < across; tx++) {
                int x = tx;
                int y = ty;
                row.add(workers.submit(() -> encoder.get().encode(image, x, y)));
            }
            for (int tx = 0; tx < across; tx++) {
                byte[] data = result(row.get(tx));
                int index = ty * across + tx;
                offsets[index] = position;
                counts[index] = data.length;
                write(ByteBuffer.wrap(data), position);
                position += data.length;
            }
        }
        Directory directory = new Directory();
        directory.longs(TiffTag.NEW_SUBFILE_TYPE, levels == 0 ? 0 : 1); // a reduced-resolution version of the first image
        directory.longs(TiffTag.IMAGE_WIDTH, image.width());
        directory.longs(TiffTag.IMAGE_LENGTH, image.height());
        int[] bits = new int[image.channels()];
        java.util.Arrays.fill(bits, image.bits());
        directory.shorts(TiffTag.BITS_PER_SAMPLE, bits);
        directory.shorts(TiffTag.COMPRESSION, options.compression().tiffCode);
        boolean ycbcr = options.compression() == Compression.JPEG && image.channels() == 3;
        directory.shorts(TiffTag.PHOTOMETRIC_INTERPRETATION, image.colorChannels() == 1 ? 1 : ycbcr ? 6 : 2);
        directory.shorts(TiffTag.SAMPLES_PER_PIXEL, image.channels());
        if (options.dpi() > 0) {
            directory.rationals(TiffTag.X_RESOLUTION, options.dpi());
            directory.rationals(TiffTag.Y_RESOLUTION, options.dpi());
        }
        directory.shorts(TiffTag.PLANAR_CONFIGURATION, 1);
        if (options.dpi() > 0) {
            directory.shorts(TiffTag.RESOLUTION_UNIT, 2); // inch
        }
        directory.ascii(TiffTag.SOFTWARE, options.software());
        if (options.dateTime() != null) {
            directory.ascii(TiffTag.DATE_TIME, TiffDateTime.format(options.dateTime()));
        }
        if (TileEncoder.usesPredictor(options, image)) {
            directory.shorts(TiffTag.PREDICTOR, 2);
        }
        directory.shorts(TiffTag.TILE_WIDTH, size);
        directory.shorts(TiffTag.TILE_LENGTH, size);
        directory.longs(TiffTag.TILE_OFFSETS, offsets);
        directory.longs(TiffTag.TILE_BYTE_COUNTS, counts);
        byte[] jpegTables = encoders.stream().map(TileEncoder::jpegTables).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (options.compression() == Compression.JPEG && jpegTables != null) {
            directory.bytes(TiffTag.JPEG_TABLES, 7, jpegTables);
        }
        if (image.hasAlpha()) {
            directory.shorts(TiffTag.EXTRA_SAMPLES, 2); // unassociated alpha: colors are stored as they are, not premultiplied
        }
        if (ycbcr) {
            int factor = options.fullSampleChroma() ? 1 : 2;
            directory.shorts(TiffTag.YCBCR_SUBSAMPLING, factor, factor);
            directory.rationals(TiffTag.REFERENCE_BLACK_WHITE, 0, 255, 128, 255, 128, 255);
        }
        if (options.xmp() != null && levels == 0) {
            directory.bytes(TiffTag.XMP, 1, options.xmp());
        }
        if (options.iccProfile() != null && levels == 0) {
            directory.bytes(TiffTag.ICC_PROFILE, 7, options.iccProfile());
        }
        writeDirectory(directory);
        levels++;
    }

    /**
     * Writes the full-resolution level as one strip holding a source JPEG file unchanged (ic's JPEG pass-through): no
     * decoding, no second loss. Must be the first level.
     */
    public void writeJpegLevel(JpegStream jpeg) throws IOException {
        if (levels != 0) {
            throw new IllegalStateException("the JPEG pass-through is the full-resolution level, which comes first");
        }
        long offset = position;
        write(ByteBuffer.wrap(jpeg.data()), position);
        position += jpeg.data().length;
        Directory directory = new Directory();
        directory.longs(TiffTag.NEW_SUBFILE_TYPE, 0);
        directory.longs(TiffTag.IMAGE_WIDTH, jpeg.width());
        directory.longs(TiffTag.IMAGE_LENGTH, jpeg.height());
        int[] bits = new int[jpeg.components()];
        java.util.Arrays.fill(bits, 8);
        directory.shorts(TiffTag.BITS_PER_SAMPLE, bits);
        directory.shorts(TiffTag.COMPRESSION, Compression.JPEG.tiffCode);
        directory.shorts(TiffTag.PHOTOMETRIC_INTERPRETATION, jpeg.components() == 1 ? 1 : 6);
        directory.longs(TiffTag.STRIP_OFFSETS, offset);
        directory.shorts(TiffTag.SAMPLES_PER_PIXEL, jpeg.components());
        directory.longs(TiffTag.ROWS_PER_STRIP, jpeg.height());
        directory.longs(TiffTag.STRIP_BYTE_COUNTS, jpeg.data().length);
        if (options.dpi() > 0) {
            directory.rationals(TiffTag.X_RESOLUTION, options.dpi());
            directory.rationals(TiffTag.Y_RESOLUTION, options.dpi());
            directory.shorts(TiffTag.RESOLUTION_UNIT, 2);
        }
        directory.shorts(TiffTag.PLANAR_CONFIGURATION, 1);
        directory.ascii(TiffTag.SOFTWARE, options.software());
        if (jpeg.components() == 3) {
            directory.shorts(TiffTag.YCBCR_SUBSAMPLING, jpeg.horizontalSubsampling(), jpeg.verticalSubsampling());
            directory.rationals(TiffTag.REFERENCE_BLACK_WHITE, 0, 255, 128, 255, 128, 255);
        }
        if (options.xmp() != null) {
            directory.bytes(TiffTag.XMP, 1, options.xmp());
        }
        if (options.iccProfile() != null) {
            directory.bytes(TiffTag.ICC_PROFILE, 7, options.iccProfile());
        }
        writeDirectory(directory);
        levels++;
    }

    private void writeDirectory(Directory directory) throws IOException {
        // values that do not fit in an entry go first, each on a word boundary as TIFF requires
        List<Directory.Entry> entries = directory.entries();
        long[] valueOffsets = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            byte[] value = entries.get(i).value();
            if (value.length > 4) {
                position += position & 1;
                valueOffsets[i] = position;
                write(ByteBuffer.wrap(value), position);
                position += value.length;
            }
        }
        position += position & 1;
        long directoryStart = position;
        ByteBuffer ifd = ByteBuffer.allocate(2 + entries.size() * 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        ifd.putShort((short) entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Directory.Entry entry = entries.get(i);
            ifd.putShort((short) entry.tag()).putShort((short) entry.type()).putInt(entry.count());
            if (entry.value().length > 4) {
                ifd.putInt((int) valueOffsets[i]);
            } else {
                byte[] padded = java.util.Arrays.copyOf(entry.value(), 4);
                ifd.put(padded);
            }
        }
        ifd.putInt(0);
        ifd.flip();
        write(ifd, directoryStart);
        position += ifd.limit();
        ByteBuffer pointer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) directoryStart);
        pointer.flip();
        write(pointer, nextDirectoryPointer);
        nextDirectoryPointer = position - 4;
    }

    private void write(ByteBuffer buffer, long at) throws IOException {
        if (at + buffer.remaining() > MAX_CLASSIC_TIFF) {
            throw new IOException("the pyramid TIFF would exceed 4 GB, which classic TIFF cannot address (BigTIFF is not supported)");
        }
        while (buffer.hasRemaining()) {
            at += file.write(buffer, at);
        }
    }

    public int levels() {
        return levels;
    }

    private static byte[] result(java.util.concurrent.Future<byte[]> tile) throws IOException {
        try {
            return tile.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while compressing tiles");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IOException(e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        encoders.forEach(TileEncoder::close);
        file.close();
    }

    /** The entries of one image file directory, kept sorted by tag as TIFF requires. */
    private static final class Directory {
        record Entry(int tag, int type, int count, byte[] value) {
        }

        private final List<Entry> entries = new ArrayList<>();

        List<Entry> entries() {
            entries.sort(java.util.Comparator.comparingInt(Entry::tag));
            return entries;
        }

        void shorts(TiffTag tag, int... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) {
                b.putShort((short) v);
            }
            entries.add(new Entry(tag.code(), 3, values.length, b.array()));
        }

        void longs(TiffTag tag, long... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                b.putInt((int) v);
            }
            entries.add(new Entry(tag.code(), 4, values.length, b.array()));
        }

        void rationals(TiffTag tag, double... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                b.putInt((int) Math.round(v * 1000)).putInt(1000);
            }
            entries.add(new Entry(tag.code(), 5, values.length, b.array()));
        }

        void ascii(TiffTag tag, String text) {
            byte[] chars = (text + "\0").getBytes(StandardCharsets.US_ASCII);
            entries.add(new Entry(tag.code(), 2, chars.length, chars));
        }

        void bytes(TiffTag tag, int type, byte[] value) {
            entries.add(new Entry(tag.code(), type, value.length, value));
        }
    }
}
