package org.imageserving.common.imaging.avif;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.Optional;

/**
 * Whether this machine can write AVIF: Debian's libheif loaded, with an AV1 encoder registered in it. The Image
 * Server refuses {@code fmt=avif} without it, and the Platform Server's {@code bfc=on} then never picks AVIF (both
 * run on the same machine).
 */
public final class LibheifProbe {
    /** libheif's soname on Debian 12 and 13, found by the dynamic linker (no libheif-dev needed). */
    public static final String SONAME = "libheif.so.1";
    /** The Debian packages that bring libheif and its AV1 encoder, named in every refusal. */
    public static final String PACKAGES = "libheif1 (Debian 12, which builds libaom in) or libheif1 and "
            + "libheif-plugin-aomenc (Debian 13 and later)";
    private static final int COMPRESSION_AV1 = 4;
    private static final Optional<String> SYSTEM = missing(SONAME);

    private LibheifProbe() {}

    /** Only the calls the probe needs; the Image Server's encoder has the full binding. */
    interface Probe extends Library {
        @Structure.FieldOrder({"code", "subcode", "message"})
        class HeifError extends Structure implements Structure.ByValue {
            public int code;
            public int subcode;
            public String message;
        }

        HeifError heif_init(Pointer params);

        Pointer heif_get_version();

        int heif_have_encoder_for_format(int format);
    }

    /** Why this machine's libheif cannot write AVIF; empty when it can. Probed once. */
    public static Optional<String> systemMissing() {
        return SYSTEM;
    }

    /** Why the libheif of that file or soname cannot write AVIF; empty when it can. */
    public static Optional<String> missing(String library) {
        Probe heif;
        try {
            heif = Native.load(library, Probe.class);
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("AVIF needs libheif, which is not installed (" + library
                    + " not found): install the Debian packages " + PACKAGES);
        }
        try {
            Probe.HeifError error = heif.heif_init(null);
            if (error.code != 0) {
                return Optional.of("AVIF needs libheif, which failed to start (" + error.message
                        + "): reinstall the Debian packages " + PACKAGES);
            }
        } catch (UnsatisfiedLinkError e) {
            // libheif before 1.13 has no heif_init and needs none
        }
        if (heif.heif_have_encoder_for_format(COMPRESSION_AV1) == 0) {
            return Optional.of("AVIF needs an AV1 encoder in libheif " + heif.heif_get_version().getString(0)
                    + ", which has none: install the Debian packages " + PACKAGES);
        }
        return Optional.empty();
    }
}
