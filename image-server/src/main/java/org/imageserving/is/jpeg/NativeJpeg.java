package org.imageserving.is.jpeg;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.imageserving.is.color.EmbeddedRgbToSrgb;
import org.imageserving.is.render.Pixels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JPEG decoding by Leptonica's {@code pixReadMemJpeg}, which runs libjpeg-turbo (with its SIMD code) and asks it for
 * DCT scaling: at 1/2, 1/4 or 1/8 the decoder computes each output pixel from a reduced inverse DCT of its 8×8 block,
 * so a 12 MP photo becomes a 0.75 MP image for a fraction of a full decode, and every source pixel counts (an
 * average, not a sample). Any libjpeg warning (corrupt data) fails the read, so damaged files reach the ImageIO path
 * and its error.
 *
 * <p>Why Leptonica: of the {@code org.bytedeco} jars on Maven Central, OpenCV's {@code imdecode} also scales by DCT
 * and was as fast (a 1/4 decode of a 12 MP photo took 50 to 53 ms with either: Huffman decoding dominates), but it
 * only prints libjpeg's warnings, so a damaged file would render as gray instead of failing, and it needs OpenBLAS
 * (50 MB of jars against 4 MB). TurboJPEG through JNA would need the system's libturbojpeg. The natives come from the
 * linux-x86_64 classifier jar; where they cannot be loaded, {@link #available()} is false and every JPEG keeps the
 * ImageIO path.
 */
final class NativeJpeg {
    private static final Logger LOG = LoggerFactory.getLogger(NativeJpeg.class);
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
            Loader.load(leptonica.class);
            leptonica.setMsgSeverity(leptonica.L_SEVERITY_NONE); // failures are answered by the ImageIO path
            return true;
        } catch (Throwable e) { // UnsatisfiedLinkError, or no natives for this platform in the jars
            LOG.warn("Leptonica natives not loadable, JPEG sources use ImageIO only", e);
            return false;
        }
    }

    /**
     * Decodes {@code file} at 1/{@code denominator} and returns the part covering {@code region} of the reduced image
     * (reduced pixels), in the working layout, converted by {@code toSrgb} (if any) while still in native memory. Null
     * when the decoder refuses the file: the caller falls back.
     */
    static BufferedImage decode(Path file, int denominator, Rectangle region, Optional<EmbeddedRgbToSrgb> toSrgb)
            throws IOException {
        return withBytes(file, (buffer, size) -> {
            PIX pix = leptonica.pixReadMemJpeg(buffer, size, 0, denominator, (IntPointer) null, 0);
            if (pix == null) {
                return null; // refused, or a libjpeg warning: the ImageIO path reports it
            }
            try {
                if (pix.d() != 32) {
                    return null;
                }
                Rectangle area = region.intersection(new Rectangle(0, 0, pix.w(), pix.h()));
                if (toSrgb.isPresent() && !area.isEmpty()) {
                    toSrgb.get().convertLeptonicaWords(pix.data().address() + 4L * ((long) area.y * pix.wpl() + area.x),
                            area.width, area.height, pix.wpl());
                }
                return toWorking(pix, area);
            } finally {
                leptonica.pixDestroy(pix);
            }
        });
    }

    /**
     * Decodes a CMYK or YCCK {@code file} at 1/{@code denominator} into raw components through {@link LibjpegCmyk},
     * after a Leptonica decode of the same bytes has shown that libjpeg takes them without a warning (remembered per
     * file: {@link ValidatedJpegs}), and converts the part covering {@code region} to working sRGB pixels. Null when
     * either decoder refuses the file: the caller falls back.
     */
    static BufferedImage decodeCmyk(Path file, int denominator, Rectangle region, JpegHeader header, int width,
                                    int height, CmykToSrgb conversion) throws IOException {
        if (!LibjpegCmyk.available()) {
            return null;
        }
        Optional<ValidatedJpegs.Identity> before = ValidatedJpegs.of(file);
        return withBytes(file, (buffer, size) -> {
            Optional<ValidatedJpegs.Identity> after = ValidatedJpegs.of(file);
            if (!(before.equals(after) && ValidatedJpegs.known(before))) {
                if (!decodesCleanly(buffer, size)) {
                    return null;
                }
                ValidatedJpegs.remember(before, after);
            }
            LibjpegCmyk.Cmyk cmyk = LibjpegCmyk.decode(new com.sun.jna.Pointer(buffer.address()), size, denominator,
                    header, width, height);
            if (cmyk == null) {
                return null;
            }
            Rectangle area = region.intersection(new Rectangle(0, 0, cmyk.width(), cmyk.height()));
            try {
                return area.isEmpty() ? null : conversion.convert(cmyk, area);
            } catch (RuntimeException e) {
                return null; // a profile LittleCMS cannot link (CMMException) or use: the ImageIO path answers
            }
        });
    }

    /** Leptonica's decode at 1/8 (the cheapest; the entropy decoding, where damage shows, is the same at any scale). */
    private static boolean decodesCleanly(BytePointer buffer, long size) {
        try (IntPointer warnings = new IntPointer(1L)) {
            warnings.put(0);
            PIX pix = leptonica.pixReadMemJpeg(buffer, size, 0, 8, warnings, 0);
            if (pix == null) {
                return false;
            }
            leptonica.pixDestroy(pix);
            return warnings.get() == 0;
        }
    }

    private interface BytesReader {
        BufferedImage read(BytePointer buffer, long size) throws IOException;
    }

    /** Reads {@code file} into a pooled native buffer and hands it to {@code reader}; null when it changed meanwhile. */
    private static BufferedImage withBytes(Path file, BytesReader reader) throws IOException {
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
            return reader.read(buffer, size);
        } finally {
            if (buffer != null) {
                give(buffer);
            }
        }
    }

    /** Copies the pixels of {@code area} into an opaque working image (Leptonica words are 0xRRGGBBxx). */
    private static BufferedImage toWorking(PIX pix, Rectangle area) {
        BufferedImage image = Pixels.create(Math.max(1, area.width), Math.max(1, area.height));
        int[] out = Pixels.data(image);
        IntPointer data = pix.data();
        int wpl = pix.wpl();
        for (int y = 0; y < area.height; y++) {
            data.position((long) (area.y + y) * wpl + area.x).get(out, y * image.getWidth(), area.width);
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = 0xFF000000 | (out[i] >>> 8);
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
