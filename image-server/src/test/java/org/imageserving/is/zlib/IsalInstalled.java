package org.imageserving.is.zlib;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.imageserving.testkit.DebianPackage;

/** For tests of the ISA-L path: Debian's libisal2 installed (apt-get, as root) and the library probed and passed. */
public final class IsalInstalled {
    private static final Path LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/" + IsalLibrary.CHECKED_FILE);

    private IsalInstalled() {}

    public static void require() {
        DebianPackage.require(LIBRARY, IsalLibrary.PACKAGE);
        if (IsalLibrary.missing().isPresent()) {
            IsalLibrary.probeAgain(); // installed after an earlier test of this JVM probed
        }
        assertThat(IsalLibrary.missing()).as("why ISA-L is not used").isEmpty();
    }

    /** Runs {@code body} with ISA-L turned on or off by the switch operators have. */
    public static void with(boolean isal, Runnable body) {
        String before = System.getProperty(ZlibInflaters.SWITCH);
        System.setProperty(ZlibInflaters.SWITCH, Boolean.toString(isal));
        try {
            assertThat(ZlibInflaters.isal()).isEqualTo(isal);
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(ZlibInflaters.SWITCH);
            } else {
                System.setProperty(ZlibInflaters.SWITCH, before);
            }
        }
    }
}
