package org.imageserving.is.tiff;

import com.sun.jna.Callback;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.file.Path;
import org.imageserving.is.natives.LeptonicaLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libtiff 4, as linked into Leptonica's shared library and exported by it, called through JNA: the strip reader
 * (LZW, Deflate and PackBits decoding, the horizontal predictor) in C, where the ImageIO path's TIFF reader decodes in
 * Java (a 12 MP LZW strip TIFF: about 115 ms of CPU against 740). libtiff reports errors through a handler that
 * returns (unlike libjpeg's), so any error during a read is counted on the reading thread and fails that read.
 */
final class Libtiff {
    private static final Logger LOG = LoggerFactory.getLogger(Libtiff.class);
    static final int IMAGEWIDTH = 256, IMAGELENGTH = 257, BITSPERSAMPLE = 258, COMPRESSION = 259, PHOTOMETRIC = 262,
            ORIENTATION = 274, SAMPLESPERPIXEL = 277, ROWSPERSTRIP = 278, PLANARCONFIG = 284, EXTRASAMPLES = 338,
            SAMPLEFORMAT = 339, ICCPROFILE = 34675;
    private static final ThreadLocal<int[]> ERRORS = ThreadLocal.withInitial(() -> new int[1]);
    private static final Api API = Api.load();

    private Libtiff() {}

    static boolean available() {
        return API != null;
    }

    /** An open TIFF file (its first directory); close it. */
    static final class Tiff implements AutoCloseable {
        private final Pointer handle;
        private final int errorsBefore;

        private Tiff(Pointer handle, int errorsBefore) {
            this.handle = handle;
            this.errorsBefore = errorsBefore;
        }

        /** A 16- or 32-bit field, libtiff's default where the file has none; -1 when it has neither. */
        int field(int tag, boolean wide) {
            try (Memory value = new Memory(8)) {
                value.clear();
                if (API.getFieldDefaulted.invokeInt(new Object[] {handle, tag, value}) != 1) {
                    return -1;
                }
                return wide ? value.getInt(0) : value.getShort(0) & 0xFFFF;
            }
        }

        /** The first extra sample's meaning (0 unspecified, 1 associated alpha, 2 unassociated), -1 when none. */
        int firstExtraSample() {
            try (Memory count = new Memory(8); Memory values = new Memory(8)) {
                count.clear();
                values.clear();
                if (API.getFieldDefaulted.invokeInt(new Object[] {handle, EXTRASAMPLES, count, values}) != 1
                        || (count.getShort(0) & 0xFFFF) == 0) {
                    return -1;
                }
                return values.getPointer(0).getShort(0) & 0xFFFF;
            }
        }

        boolean hasField(int tag) {
            try (Memory count = new Memory(8); Memory data = new Memory(8)) {
                return API.getField.invokeInt(new Object[] {handle, tag, count, data}) == 1;
            }
        }

        boolean tiled() {
            return API.isTiled.invokeInt(new Object[] {handle}) != 0;
        }

        long stripSize() {
            return API.stripSize.invokeLong(new Object[] {handle});
        }

        /** Decodes strip {@code strip} into {@code buffer}; its length, or -1 on any error. */
        long readStrip(int strip, Memory buffer) {
            long read = API.readEncodedStrip.invokeLong(new Object[] {handle, strip, buffer, new NativeLong(-1)});
            return ERRORS.get()[0] != errorsBefore ? -1 : read;
        }

        boolean hadErrors() {
            return ERRORS.get()[0] != errorsBefore;
        }

        @Override
        public void close() {
            API.close.invokeVoid(new Object[] {handle});
        }
    }

    /** Opens {@code file} without memory-mapping it (a file cut short under a mapping would crash the JVM). */
    static Tiff open(Path file) {
        int before = ERRORS.get()[0];
        Pointer handle = API.open.invokePointer(new Object[] {file.toString(), "rm"});
        if (handle == null) {
            return null;
        }
        Tiff tiff = new Tiff(handle, before);
        if (tiff.hadErrors()) {
            tiff.close();
            return null;
        }
        return tiff;
    }

    /** libtiff's error handler: {@code void (*)(const char *module, const char *fmt, va_list ap)}. */
    public interface ErrorHandler extends Callback {
        void invoke(Pointer module, Pointer format, Pointer arguments);
    }

    private record Api(Function open, Function close, Function getField, Function getFieldDefaulted,
                       Function isTiled, Function stripSize, Function readEncodedStrip, ErrorHandler handler) {
        static Api load() {
            try {
                NativeLibrary lib = LeptonicaLibrary.open().orElse(null);
                if (lib == null) {
                    return null;
                }
                ErrorHandler handler = (module, format, arguments) -> ERRORS.get()[0]++;
                lib.getFunction("TIFFSetErrorHandler").invokePointer(new Object[] {handler});
                lib.getFunction("TIFFSetWarningHandler").invokePointer(new Object[] {null}); // warnings: not errors
                return new Api(lib.getFunction("TIFFOpen"), lib.getFunction("TIFFClose"),
                        lib.getFunction("TIFFGetField"), lib.getFunction("TIFFGetFieldDefaulted"),
                        lib.getFunction("TIFFIsTiled"), lib.getFunction("TIFFStripSize"),
                        lib.getFunction("TIFFReadEncodedStrip"), handler);
            } catch (Throwable e) { // no JNA natives, or a Leptonica build without libtiff's symbols
                LOG.warn("libtiff not reachable, TIFF sources use ImageIO only", e);
                return null;
            }
        }
    }
}
