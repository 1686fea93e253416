package org.imageserving.is.zlib;

import java.util.Optional;

/**
 * Hands out the fastest zlib inflater this machine has: ISA-L's (Debian's {@code libisal2}, 2 to 3 times zlib's
 * speed) when {@link IsalLibrary} found the checked release, else the JDK's zlib. Both give the same bytes and refuse
 * the same broken streams; only the speed differs.
 */
public final class ZlibInflaters {
    /** {@code -Dimageserving.isal=false} uses the JDK's zlib even where ISA-L is installed; read at every stream. */
    public static final String SWITCH = "imageserving.isal";

    private ZlibInflaters() {}

    /** A new stream on the engine {@link #engine()} names. */
    public static ZlibInflater open() {
        return why().isEmpty() ? IsalInflater.open(IsalLibrary.api()) : new JdkInflater();
    }

    /** Which engine {@link #open()} uses now, and if it is zlib, why; for the start-up log and the tests. */
    public static String engine() {
        return why().map(reason -> "zlib (java.util.zip): " + reason)
                .orElse("ISA-L 2.30 (" + IsalLibrary.SONAME + ")");
    }

    /** Whether {@link #open()} uses ISA-L now. */
    public static boolean isal() {
        return why().isEmpty();
    }

    private static Optional<String> why() {
        if ("false".equals(System.getProperty(SWITCH))) {
            return Optional.of("turned off with -D" + SWITCH + "=false");
        }
        return IsalLibrary.missing();
    }
}
