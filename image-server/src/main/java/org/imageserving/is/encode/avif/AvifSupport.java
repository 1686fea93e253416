package org.imageserving.is.encode.avif;

import com.sun.jna.Native;
import java.util.Optional;

/**
 * Whether this machine can write AVIF: libheif loaded and an AV1 encoder registered in it. Checked once; an install
 * without them refuses {@code fmt=avif} with {@link #missing()} instead of failing inside a render.
 */
public final class AvifSupport {
    /** The Debian packages that bring libheif and its AV1 encoder, named in the refusal. */
    public static final String PACKAGES = "libheif1 (Debian 12: libaom built in) or libheif1 and "
            + "libheif-plugin-aomenc (Debian 13 and later)";

    private static final AvifSupport SYSTEM = load("libheif.so.1");

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
        LibHeif heif;
        try {
            heif = Native.load(library, LibHeif.class);
        } catch (UnsatisfiedLinkError e) {
            return new AvifSupport(null, "AVIF needs libheif, which is not installed (" + library
                    + " not found): install the Debian packages " + PACKAGES);
        }
        try {
            heif.heif_init(null).check("heif_init");
        } catch (UnsatisfiedLinkError e) {
            // libheif before 1.13 has no heif_init and needs none
        }
        if (heif.heif_have_encoder_for_format(LibHeif.COMPRESSION_AV1) == 0) {
            return new AvifSupport(null, "AVIF needs an AV1 encoder in libheif " + heif.heif_get_version().getString(0)
                    + ", which has none: install the Debian packages " + PACKAGES);
        }
        return new AvifSupport(heif, null);
    }

    /** Why AVIF cannot be written here; empty when it can. */
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
