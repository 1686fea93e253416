package org.imageserving.is.encode.avif;

import com.sun.jna.Native;
import java.util.Optional;
import org.imageserving.common.imaging.avif.LibheifProbe;

/**
 * Whether this machine can write AVIF: libheif loaded and an AV1 encoder registered in it. Checked once; an install
 * without them refuses {@code fmt=avif} with {@link #missing()} instead of failing inside a render.
 */
public final class AvifSupport {
    private static final AvifSupport SYSTEM = load(LibheifProbe.SONAME, LibheifProbe.systemMissing());

    private final LibHeif heif;
    private final String missing;

    private AvifSupport(LibHeif heif, String missing) {
        this.heif = heif;
        this.missing = missing;
    }

    /** The machine's libheif, found by the dynamic linker under its Debian soname. */
    public static AvifSupport system() {
        return SYSTEM;
    }

    /** Loads a libheif by file or soname; a library that is absent or cannot encode AV1 gives an unusable support. */
    public static AvifSupport load(String library) {
        return load(library, LibheifProbe.missing(library));
    }

    private static AvifSupport load(String library, Optional<String> missing) {
        if (missing.isPresent()) {
            return new AvifSupport(null, missing.get());
        }
        return new AvifSupport(Native.load(library, LibHeif.class), null);
    }

    /** Why AVIF cannot be written here (naming the Debian packages); empty when it can. */
    public Optional<String> missing() {
        return Optional.ofNullable(missing);
    }

    /** The writer; only when {@link #missing()} is empty. */
    public AvifWriter writer() {
        if (heif == null) {
            throw new IllegalStateException(missing);
        }
        return new AvifWriter(heif);
    }
}
