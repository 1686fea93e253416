package org.imageserving.is.jpeg;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.concurrent.locks.LockSupport;
import org.imageserving.is.natives.LeptonicaLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo's own decompression API, called through JNA, for the one thing Leptonica's reader cannot give: the raw
 * four components of a CMYK or YCCK file at 1/2, 1/4 or 1/8 scale (Leptonica turns them into RGB with a formula that
 * ignores the profile, and the original CMYK cannot be recovered from it). The symbols come from the libjpeg-turbo
 * 3.0 that Leptonica's shared library links statically and exports; the struct offsets below are those of its
 * {@code jpeglib.h} (JPEG_LIB_VERSION 62, x86_64), and every decode checks that the header fields read through them
 * match what {@link JpegHeader} parsed, so a different build is refused rather than misread.
 *
 * <p>libjpeg reports a fatal error by calling {@code error_exit}, which must not return; C programs longjmp out of it,
 * which Java cannot do. So this class only decodes data that Leptonica (which has its setjmp handler) decoded without
 * an error or a warning first ({@link ValidatedJpegs}); decoding is deterministic, so the same bytes cannot fail
 * here. Should {@code error_exit} still be reached (out of memory), the thread is parked for good: a stuck request,
 * where returning into libjpeg would crash the server.
 */
final class LibjpegCmyk {
    private static final Logger LOG = LoggerFactory.getLogger(LibjpegCmyk.class);
    private static final int JPEG_LIB_VERSION = 62;
    private static final int DECOMPRESS_SIZE = 632;
    private static final int ERROR_MGR_SIZE = 168;
    // struct jpeg_decompress_struct
    private static final int ERR = 0;
    private static final int IMAGE_WIDTH = 48;
    private static final int IMAGE_HEIGHT = 52;
    private static final int NUM_COMPONENTS = 56;
    private static final int JPEG_COLOR_SPACE = 60;
    private static final int OUT_COLOR_SPACE = 64;
    private static final int SCALE_NUM = 68;
    private static final int SCALE_DENOM = 72;
    private static final int OUTPUT_WIDTH = 136;
    private static final int OUTPUT_HEIGHT = 140;
    private static final int OUTPUT_COMPONENTS = 148;
    private static final int OUTPUT_SCANLINE = 168;
    // struct jpeg_error_mgr
    private static final int ERROR_EXIT = 0;
    private static final int OUTPUT_MESSAGE = 16;
    private static final int NUM_WARNINGS = 128;
    private static final int JCS_CMYK = 4;
    private static final int JCS_YCCK = 5;
    private static final int ROWS_PER_CALL = 16;

    private static final Api API = Api.load();

    private LibjpegCmyk() {}

    /** Raw components, 4 bytes a pixel, as stored (Adobe files store them inverted). */
    record Cmyk(int width, int height, byte[] data) {}

    static boolean available() {
        return API != null;
    }

    /**
     * Decodes the JPEG in {@code file} ({@code size} bytes, already validated) at 1/{@code denominator} into raw CMYK
     * (YCCK converted to CMYK by libjpeg); null when the library's view of the header differs from {@code header}.
     */
    static Cmyk decode(Pointer file, long size, int denominator, JpegHeader header, int width, int height) {
        Memory cinfo = new Memory(DECOMPRESS_SIZE);
        cinfo.clear();
        Memory err = new Memory(ERROR_MGR_SIZE);
        err.clear();
        API.stdError.invokePointer(new Object[] {err});
        err.setPointer(ERROR_EXIT, API.errorExitPointer);
        err.setPointer(OUTPUT_MESSAGE, API.silentPointer);
        cinfo.setPointer(ERR, err);
        API.create.invokeVoid(new Object[] {cinfo, JPEG_LIB_VERSION, new NativeLong(DECOMPRESS_SIZE)});
        try {
            API.memSrc.invokeVoid(new Object[] {cinfo, file, new NativeLong(size)});
            API.readHeader.invokeInt(new Object[] {cinfo, 1});
            int colorSpace = cinfo.getInt(JPEG_COLOR_SPACE);
            boolean expected = cinfo.getInt(IMAGE_WIDTH) == width && cinfo.getInt(IMAGE_HEIGHT) == height
                    && cinfo.getInt(NUM_COMPONENTS) == 4
                    && colorSpace == (header.adobeTransform() == 2 ? JCS_YCCK : JCS_CMYK);
            if (!expected) {
                return null;
            }
            cinfo.setInt(OUT_COLOR_SPACE, JCS_CMYK);
            cinfo.setInt(SCALE_NUM, 1);
            cinfo.setInt(SCALE_DENOM, denominator);
            API.start.invokeInt(new Object[] {cinfo});
            int w = cinfo.getInt(OUTPUT_WIDTH), h = cinfo.getInt(OUTPUT_HEIGHT);
            if (cinfo.getInt(OUTPUT_COMPONENTS) != 4 || w <= 0 || h <= 0) {
                return null;
            }
            long stride = 4L * w;
            try (Memory pixels = new Memory(stride * h); Memory rows = new Memory(8L * ROWS_PER_CALL)) {
                for (int y; (y = cinfo.getInt(OUTPUT_SCANLINE)) < h; ) {
                    int n = Math.min(ROWS_PER_CALL, h - y);
                    for (int i = 0; i < n; i++) {
                        rows.setPointer(8L * i, pixels.share((y + i) * stride));
                    }
                    if (API.readScanlines.invokeInt(new Object[] {cinfo, rows, n}) <= 0) {
                        return null;
                    }
                }
                API.finish.invokeInt(new Object[] {cinfo});
                if (err.getInt(NUM_WARNINGS) != 0) {
                    return null;
                }
                return new Cmyk(w, h, pixels.getByteArray(0, (int) (stride * h)));
            }
        } finally {
            API.destroy.invokeVoid(new Object[] {cinfo});
        }
    }

    /** libjpeg's fatal-error hook: see the class comment for why it never returns. */
    public interface ErrorExit extends Callback {
        void invoke(Pointer cinfo);
    }

    /** Replaces libjpeg's printing of warnings to stderr: warnings are counted and refuse the result. */
    public interface OutputMessage extends Callback {
        void invoke(Pointer cinfo);
    }

    private record Api(Function stdError, Function create, Function memSrc, Function readHeader, Function start,
                       Function readScanlines, Function finish, Function destroy, ErrorExit errorExit,
                       OutputMessage silent, Pointer errorExitPointer, Pointer silentPointer) {
        static Api load() {
            try {
                NativeLibrary lib = LeptonicaLibrary.open().orElse(null);
                if (lib == null) {
                    return null;
                }
                ErrorExit errorExit = cinfo -> {
                    LOG.error("libjpeg failed on a JPEG that decoded before (out of memory?); this render thread "
                            + "stops here, since returning into libjpeg would crash the server");
                    while (true) {
                        LockSupport.park();
                    }
                };
                OutputMessage silent = cinfo -> { };
                return new Api(lib.getFunction("jpeg_std_error"), lib.getFunction("jpeg_CreateDecompress"),
                        lib.getFunction("jpeg_mem_src"), lib.getFunction("jpeg_read_header"),
                        lib.getFunction("jpeg_start_decompress"), lib.getFunction("jpeg_read_scanlines"),
                        lib.getFunction("jpeg_finish_decompress"), lib.getFunction("jpeg_destroy_decompress"),
                        errorExit, silent, CallbackReference.getFunctionPointer(errorExit),
                        CallbackReference.getFunctionPointer(silent));
            } catch (Throwable e) { // no JNA natives, or a Leptonica build without the libjpeg symbols
                LOG.warn("libjpeg API not reachable, CMYK JPEGs use ImageIO only", e);
                return null;
            }
        }
    }
}
