package org.imageserving.is.natives;

import com.sun.jna.NativeLibrary;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.leptonica.global.leptonica;

/**
 * The Leptonica shared library that JavaCPP unpacks for the JPEG fast path, opened for JNA too: it exports the APIs
 * of the libjpeg-turbo and libtiff it bundles, which the CMYK JPEG and strip TIFF readers call directly.
 */
public final class LeptonicaLibrary {
    private LeptonicaLibrary() {}

    /** The loaded library; empty when JavaCPP loaded none (a platform without the bundled natives). */
    public static Optional<NativeLibrary> open() {
        Loader.load(leptonica.class);
        return Loader.getLoadedLibraries().values().stream().filter(p -> p.contains("libleptonica.so")).findFirst()
                .map(NativeLibrary::getInstance);
    }
}
