package org.imageserving.is.jpeg;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_IGNORE_ORIENTATION;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_2;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_REDUCED_COLOR_8;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.imageserving.is.render.Pixels;

/**
 * JPEG decoding by OpenCV's {@code imdecode}, which runs libjpeg-turbo (SIMD) and asks it for DCT scaling: at 1/2,
 * 1/4 or 1/8 the decoder computes each output pixel from a reduced inverse DCT of its 8×8 block, so a 12 MP photo
 * becomes a 0.75 MP image for a fraction of a full decode, and every source pixel counts (an average, not a sample).
 *
 * <p>The natives come from the {@code org.bytedeco} linux-x86_64 jars on the class path; where they cannot be
 * loaded, {@link #available()} is false and every JPEG keeps the ImageIO path.
 */
final class NativeJpeg {
    private static final Logger LOG = Logger.getLogger(NativeJpeg.class.getName());
    private static final boolean AVAILABLE = load();
    /**
     * File buffers in native memory, reused: freshly mapped memory costs page faults on every request. A render
     * takes one for the length of its decode, so there are never more than concurrent renders (IS::WorkerThreads).
     */
    private static final ConcurrentLinkedQueue<BytePointer> BUFFERS = new ConcurrentLinkedQueue<>();
    /** Larger files get a buffer of their own, freed right after: a rare huge file must not stay resident. */
    private static final long MAX_POOLED_BYTES = 64L << 20;

    private NativeJpeg() {}

    static boolean available() {
        return AVAILABLE;
    }

    private static boolean load() {
        try {
            Loader.load(opencv_imgcodecs.class);
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError, or no natives for this platform in the jars
            LOG.log(Level.WARNING, "OpenCV natives not loadable, JPEG sources use ImageIO only: " + e, e);
            return false;
        }
    }

    /** The IMREAD flag for a DCT scale of 1/{@code denominator}; the EXIF orientation is never applied (as stored). */
    private static int flags(int denominator) {
        int reduced = switch (denominator) {
            case 1 -> IMREAD_COLOR;
            case 2 -> IMREAD_REDUCED_COLOR_2;
            case 4 -> IMREAD_REDUCED_COLOR_4;
            case 8 -> IMREAD_REDUCED_COLOR_8;
            default -> throw new IllegalArgumentException("DCT scale 1/" + denominator);
        };
        return reduced | IMREAD_IGNORE_ORIENTATION;
    }

    /**
     * Decodes {@code file} at 1/{@code denominator} and returns the part covering {@code region} of the reduced image
     * (reduced pixels), in the working layout. Null when the decoder refuses the file: the caller falls back.
     */
    static BufferedImage decode(Path file, int denominator, Rectangle region) throws IOException {
        BytePointer buffer = null;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                return null;
            }
            buffer = take(size);
            ByteBuffer bytes = buffer.position(0).limit(size).asByteBuffer();
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read the whole file
            }
            if (bytes.hasRemaining()) {
                return null; // shrank while reading
            }
            try (Mat encoded = new Mat(1, (int) size, CV_8UC1, buffer); Mat decoded = opencv_imgcodecs.imdecode(encoded,
                    flags(denominator))) {
                if (decoded == null || decoded.empty() || decoded.type() != CV_8UC3) {
                    return null;
                }
                return toWorking(decoded, region.intersection(new Rectangle(0, 0, decoded.cols(), decoded.rows())));
            }
        } finally {
            if (buffer != null) {
                give(buffer);
            }
        }
    }

    /** Copies the BGR pixels of {@code area} into an opaque working image. */
    private static BufferedImage toWorking(Mat bgr, Rectangle area) {
        BufferedImage image = Pixels.create(Math.max(1, area.width), Math.max(1, area.height));
        int[] out = Pixels.data(image);
        byte[] row = new byte[area.width * 3];
        for (int y = 0; y < area.height; y++) {
            BytePointer line = bgr.ptr(area.y + y);
            line.position(area.x * 3L).get(row);
            int o = y * image.getWidth();
            for (int x = 0, i = 0; x < area.width; x++, i += 3) {
                out[o + x] = 0xFF000000 | (row[i + 2] & 0xFF) << 16 | (row[i + 1] & 0xFF) << 8 | (row[i] & 0xFF);
            }
        }
        return image;
    }

    private static BytePointer take(long size) {
        if (size > MAX_POOLED_BYTES) {
            return new BytePointer(size);
        }
        for (BytePointer pooled; (pooled = BUFFERS.poll()) != null; ) {
            if (pooled.capacity() >= size) {
                return pooled;
            }
            pooled.close(); // too small for this file: replaced by a larger one
        }
        // Rounded up to a MB so files of similar size share buffers.
        return new BytePointer(Math.max(1L << 20, (size + (1L << 20) - 1) & -(1L << 20)));
    }

    private static void give(BytePointer buffer) {
        if (buffer.capacity() > MAX_POOLED_BYTES) {
            buffer.close();
        } else {
            buffer.position(0).limit(buffer.capacity());
            BUFFERS.offer(buffer);
        }
    }
}
