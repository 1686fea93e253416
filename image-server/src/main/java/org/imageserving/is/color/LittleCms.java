package org.imageserving.is.color;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.awt.color.CMMException;
import java.awt.color.ICC_Profile;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Optional;
import org.imageserving.is.request.ColorCommands.RenderIntent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's LittleCMS 2 (Debian's {@code liblcms2-2}, which Debian's own OpenJDK links too), for output
 * conversions. The engine inside the JDK evaluates every pixel through the profiles' full pipeline: a 12 MP sRGB to
 * CMYK conversion takes over 10 s there, against about 1 s for LittleCMS with its optimised device link. This one also
 * takes the render intent and black point compensation itself, as {@code tificc} does. Where the library is missing,
 * {@link IccTransform} falls back to the JDK's engine with its own intent and black point handling.
 */
final class LittleCms {
    /** Found by the dynamic linker; no {@code -dev} package needed. */
    static final String SONAME = "liblcms2.so.2";
    private static final Logger LOG = LoggerFactory.getLogger(LittleCms.class);
    private static final int FLAGS_BLACKPOINTCOMPENSATION = 0x2000;
    /** Rows converted per native call: bounds the native buffers to a few MB whatever the image size. */
    private static final int CHUNK_PIXELS = 1 << 18;
    private static final Lcms LCMS = load();

    private LittleCms() {}

    /** The calls used, from {@code lcms2.h}; handles only, so the binding does not depend on struct layouts. */
    interface Lcms extends Library {
        Pointer cmsOpenProfileFromMem(byte[] data, int size);

        int cmsCloseProfile(Pointer profile);

        Pointer cmsCreateTransform(Pointer input, int inputFormat, Pointer output, int outputFormat, int intent,
                                   int flags);

        void cmsDeleteTransform(Pointer transform);

        void cmsDoTransform(Pointer transform, Pointer input, Pointer output, int pixels);

        void cmsDoTransformLineStride(Pointer transform, Pointer input, Pointer output, int pixelsPerLine,
                                      int lineCount, int bytesPerLineIn, int bytesPerLineOut, int bytesPerPlaneIn,
                                      int bytesPerPlaneOut);
    }

    /** The bound library, null where it is missing; for the other classes of this package. */
    static Lcms library() {
        return LCMS;
    }

    private static Lcms load() {
        try {
            return Native.load(SONAME, Lcms.class);
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("{} not found (Debian package liblcms2-2): icc= conversions use the JDK's slower colour engine",
                    SONAME);
            return null;
        }
    }

    static boolean available() {
        return LCMS != null;
    }

    /**
     * Converts {@code source} into {@code target} (interleaved 8- or 16-bit rasters as created by
     * {@link Raster#createInterleavedRaster}, bands in order, no alpha) and says true; false, converting nothing, when
     * the library is missing, a raster has another layout, or LittleCMS refuses the profiles.
     */
    static boolean convert(ICC_Profile from, ICC_Profile to, RenderIntent intent, boolean blackPointCompensation,
                           Raster source, WritableRaster target) {
        if (LCMS == null) {
            return false;
        }
        Optional<Integer> inFormat = format(source, from);
        Optional<Integer> outFormat = format(target, to);
        if (inFormat.isEmpty() || outFormat.isEmpty()) {
            return false;
        }
        byte[] fromData = from.getData();
        byte[] toData = to.getData();
        Pointer in = null;
        Pointer out = null;
        Pointer transform = null;
        try {
            in = LCMS.cmsOpenProfileFromMem(fromData, fromData.length);
            out = LCMS.cmsOpenProfileFromMem(toData, toData.length);
            if (in == null || out == null) {
                return false;
            }
            int flags = blackPointCompensation ? FLAGS_BLACKPOINTCOMPENSATION : 0;
            transform = LCMS.cmsCreateTransform(in, inFormat.get(), out, outFormat.get(), intent.ordinal(), flags);
            if (transform == null) {
                return false;
            }
            run(transform, source, target);
            return true;
        } catch (CMMException e) {
            // the JDK's colour engine is this same library and installs its error handler, which raises this in
            // whichever Java thread called it: LittleCMS refused the profiles, so the caller's own engine answers
            return false;
        } finally {
            if (transform != null) {
                LCMS.cmsDeleteTransform(transform);
            }
            if (in != null) {
                LCMS.cmsCloseProfile(in);
            }
            if (out != null) {
                LCMS.cmsCloseProfile(out);
            }
        }
    }

    private static void run(Pointer transform, Raster source, WritableRaster target) {
        int pixels = source.getWidth() * source.getHeight();
        int inBands = source.getNumBands(), outBands = target.getNumBands();
        boolean in16 = source.getDataBuffer().getDataType() == DataBuffer.TYPE_USHORT;
        boolean out16 = target.getDataBuffer().getDataType() == DataBuffer.TYPE_USHORT;
        int chunk = Math.min(pixels, CHUNK_PIXELS);
        Memory inBuffer = new Memory((long) chunk * inBands * (in16 ? 2 : 1));
        Memory outBuffer = new Memory((long) chunk * outBands * (out16 ? 2 : 1));
        for (int first = 0; first < pixels; first += chunk) {
            int count = Math.min(chunk, pixels - first);
            if (in16) {
                inBuffer.write(0, ((DataBufferUShort) source.getDataBuffer()).getData(), first * inBands,
                        count * inBands);
            } else {
                inBuffer.write(0, ((DataBufferByte) source.getDataBuffer()).getData(), first * inBands,
                        count * inBands);
            }
            LCMS.cmsDoTransform(transform, inBuffer, outBuffer, count);
            if (out16) {
                outBuffer.read(0, ((DataBufferUShort) target.getDataBuffer()).getData(), first * outBands,
                        count * outBands);
            } else {
                outBuffer.read(0, ((DataBufferByte) target.getDataBuffer()).getData(), first * outBands,
                        count * outBands);
            }
        }
    }

    /**
     * LittleCMS's pixel format word ({@code COLORSPACE_SH | CHANNELS_SH | BYTES_SH}) for a whole, interleaved raster
     * of the profile's colour space; empty for any other layout.
     */
    private static Optional<Integer> format(Raster raster, ICC_Profile profile) {
        int bands = raster.getNumBands();
        if (bands != profile.getNumComponents() || raster.getParent() != null || raster.getMinX() != 0
                || raster.getMinY() != 0 || raster.getSampleModelTranslateX() != 0
                || raster.getSampleModelTranslateY() != 0 || raster.getDataBuffer().getNumBanks() != 1
                || raster.getDataBuffer().getOffset() != 0
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel model)
                || model.getPixelStride() != bands || model.getScanlineStride() != bands * raster.getWidth()) {
            return Optional.empty();
        }
        int[] offsets = model.getBandOffsets();
        for (int band = 0; band < bands; band++) {
            if (offsets[band] != band) {
                return Optional.empty();
            }
        }
        int bytes = switch (raster.getDataBuffer().getDataType()) {
            case DataBuffer.TYPE_BYTE -> 1;
            case DataBuffer.TYPE_USHORT -> 2;
            default -> 0;
        };
        int space = switch (bands) {
            case 1 -> 3; // PT_GRAY
            case 3 -> 4; // PT_RGB
            case 4 -> 6; // PT_CMYK
            default -> 0;
        };
        if (bytes == 0 || space == 0) {
            return Optional.empty();
        }
        return Optional.of(space << 16 | bands << 3 | bytes);
    }
}
