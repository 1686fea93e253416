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
    public void writeLevel(Pixels image) throws IOException {
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
        directory.longs(254, levels == 0 ? 0 : 1); // NewSubfileType: reduced-resolution version of the first image
        directory.longs(256, image.width());
        directory.longs(257, image.height());
        int[] bits = new int[image.channels()];
        java.util.Arrays.fill(bits, image.bits());
        directory.shorts(258, bits);
        directory.shorts(259, options.compression().tiffCode);
        boolean ycbcr = options.compression() == Compression.JPEG && image.channels() == 3;
        directory.shorts(262, image.colorChannels() == 1 ? 1 : ycbcr ? 6 : 2);
        directory.shorts(277, image.channels());
        if (options.dpi() > 0) {
            directory.rationals(282, options.dpi());
            directory.rationals(283, options.dpi());
        }
        directory.shorts(284, 1);
        if (options.dpi() > 0) {
            directory.shorts(296, 2); // inch
        }
        directory.ascii(305, options.software());
        if (options.dateTime() != null) {
            directory.ascii(306, TiffDateTime.format(options.dateTime()));
        }
        if (TileEncoder.usesPredictor(options, image)) {
            directory.shorts(317, 2);
        }
        directory.shorts(322, size);
        directory.shorts(323, size);
        directory.longs(324, offsets);
        directory.longs(325, counts);
        byte[] jpegTables = encoders.stream().map(TileEncoder::jpegTables).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (options.compression() == Compression.JPEG && jpegTables != null) {
            directory.bytes(347, 7, jpegTables);
        }
        if (image.hasAlpha()) {
            directory.shorts(338, 2); // unassociated alpha: colors are stored as they are, not premultiplied
        }
        if (ycbcr) {
            int factor = options.fullSampleChroma() ? 1 : 2;
            directory.shorts(530, factor, factor);
            directory.rationals(532, 0, 255, 128, 255, 128, 255);
        }
        if (options.xmp() != null && levels == 0) {
            directory.bytes(700, 1, options.xmp());
        }
        if (options.iccProfile() != null && levels == 0) {
            directory.bytes(34675, 7, options.iccProfile());
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
        directory.longs(254, 0);
        directory.longs(256, jpeg.width());
        directory.longs(257, jpeg.height());
        int[] bits = new int[jpeg.components()];
        java.util.Arrays.fill(bits, 8);
        directory.shorts(258, bits);
        directory.shorts(259, Compression.JPEG.tiffCode);
        directory.shorts(262, jpeg.components() == 1 ? 1 : 6);
        directory.longs(273, offset);
        directory.shorts(277, jpeg.components());
        directory.longs(278, jpeg.height());
        directory.longs(279, jpeg.data().length);
        if (options.dpi() > 0) {
            directory.rationals(282, options.dpi());
            directory.rationals(283, options.dpi());
            directory.shorts(296, 2);
        }
        directory.shorts(284, 1);
        directory.ascii(305, options.software());
        if (jpeg.components() == 3) {
            directory.shorts(530, jpeg.horizontalSubsampling(), jpeg.verticalSubsampling());
            directory.rationals(532, 0, 255, 128, 255, 128, 255);
        }
        if (options.xmp() != null) {
            directory.bytes(700, 1, options.xmp());
        }
        if (options.iccProfile() != null) {
            directory.bytes(34675, 7, options.iccProfile());
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

        void shorts(int tag, int... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) {
                b.putShort((short) v);
            }
            entries.add(new Entry(tag, 3, values.length, b.array()));
        }

        void longs(int tag, long... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                b.putInt((int) v);
            }
            entries.add(new Entry(tag, 4, values.length, b.array()));
        }

        void rationals(int tag, double... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                b.putInt((int) Math.round(v * 1000)).putInt(1000);
            }
            entries.add(new Entry(tag, 5, values.length, b.array()));
        }

        void ascii(int tag, String text) {
            byte[] chars = (text + "\0").getBytes(StandardCharsets.US_ASCII);
            entries.add(new Entry(tag, 2, chars.length, chars));
        }

        void bytes(int tag, int type, byte[] value) {
            entries.add(new Entry(tag, type, value.length, value));
        }
    }
}
