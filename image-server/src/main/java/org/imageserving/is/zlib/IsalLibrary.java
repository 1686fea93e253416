package org.imageserving.is.zlib;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

/**
 * Intel ISA-L's inflate ({@code isal_inflate}, Debian's {@code libisal2}), called through JNA. Optional: a machine
 * without it, or with a release other than the one checked here, inflates with the JDK's zlib, and
 * {@link #missing()} says why.
 *
 * <p><b>Layout dependency.</b> The caller allocates {@code struct inflate_state}, and this class writes and reads
 * fields of it by offset: {@code next_out} 0, {@code avail_out} 8, {@code next_in} 16, {@code avail_in} 32 (the head
 * of the struct, the same in every release), and {@code block_state} 21160 and {@code crc_flag} 21172, which sit
 * behind the Huffman decoding tables and move when a release changes those tables' sizes; the struct is 87368 bytes.
 * These are the offsets and size of ISA-L 2.30's {@code igzip_lib.h} on x86_64, measured with {@code offsetof} and
 * {@code sizeof} against Debian 12's {@code libisal-dev} 2.30.0-5. So only that release is used: the library the
 * soname {@code libisal.so.2} resolves to must be the file {@code libisal.so.2.0.30} on x86_64 Linux, and before any
 * PNG is trusted to it, a self-test inflates a known zlib stream and the same stream with a wrong checksum in a state
 * allocated with a guard zone behind it, which must stay untouched. Another release is refused, not misread.
 */
public final class IsalLibrary {
    /** The soname, found by the dynamic linker (no {@code -dev} package needed). */
    public static final String SONAME = "libisal.so.2";
    /** The Debian package that brings it. */
    public static final String PACKAGE = "libisal2";
    /** The file the soname must resolve to: the release whose layout is written here. */
    static final String CHECKED_FILE = "libisal.so.2.0.30";
    static final int STATE_SIZE = 87_368;
    /** Bytes allocated past the struct: written by nothing, checked by the self-test. */
    static final int GUARD = 4096;
    static final int NEXT_OUT = 0;
    static final int AVAIL_OUT = 8;
    static final int NEXT_IN = 16;
    static final int AVAIL_IN = 32;
    static final int BLOCK_STATE = 21_160;
    static final int CRC_FLAG = 21_172;
    /** {@code crc_flag}: read the zlib header, keep the Adler-32 of the output and check it at the end. */
    static final int ISAL_ZLIB = 3;
    /** {@code block_state} once everything was inflated, given out and (with {@link #ISAL_ZLIB}) checked. */
    static final int ISAL_BLOCK_FINISH = 5;
    /** {@code isal_inflate}'s answer when the zlib header asks for a preset dictionary. */
    static final int ISAL_NEED_DICT = 6;

    private static volatile Probe probe;

    private IsalLibrary() {}

    /** Why ISA-L is not used on this machine; empty when it is. Probed once, at the first use. */
    public static Optional<String> missing() {
        return Optional.ofNullable(probe().missing);
    }

    /**
     * Probes again, for a JVM that was already running when the library was installed: the tests install
     * {@value #PACKAGE} with apt-get, possibly after an earlier test decoded a PNG. The server probes once.
     */
    public static synchronized void probeAgain() {
        probe = Probe.run();
    }

    /** The two calls, for {@link IsalInflater}; null when {@link #missing()} says why not. */
    static Api api() {
        return probe().api;
    }

    private static Probe probe() {
        Probe p = probe;
        if (p == null) {
            synchronized (IsalLibrary.class) {
                if (probe == null) {
                    probe = Probe.run();
                }
                p = probe;
            }
        }
        return p;
    }

    /** The library's calls when it passed, else why not. */
    private record Probe(Api api, String missing) {
        static Probe run() {
            try {
                Api api = Api.load();
                Optional<String> failed = selfTest(api);
                return failed.isEmpty() ? new Probe(api, null) : new Probe(null, failed.get());
            } catch (Unavailable e) {
                return new Probe(null, e.getMessage());
            } catch (LinkageError | RuntimeException e) { // no JNA natives for this platform, a broken library
                return new Probe(null, "ISA-L could not be loaded (" + e + ")");
            }
        }
    }

    /** The entry points of the checked library. */
    record Api(Function init, Function inflate) {
        static Api load() throws Unavailable {
            if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
                throw new Unavailable("ISA-L is used on x86_64 Linux only, where its struct layout was checked");
            }
            NativeLibrary library;
            try {
                library = NativeLibrary.getInstance(SONAME);
            } catch (UnsatisfiedLinkError e) {
                throw new Unavailable(SONAME + " is not installed: install the Debian package " + PACKAGE);
            }
            Api api = new Api(library.getFunction("isal_inflate_init"), library.getFunction("isal_inflate"));
            String file = mappedFile().orElse("an unknown file");
            if (!file.equals(CHECKED_FILE)) {
                throw new Unavailable(SONAME + " is " + file + ", not " + CHECKED_FILE + " (ISA-L 2.30), whose "
                        + "struct layout this server was checked against");
            }
            return api;
        }

        /** The name of the file the dynamic linker mapped for the soname (its real name carries the release). */
        private static Optional<String> mappedFile() {
            try {
                return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                        .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                        .filter(path -> path.contains("/libisal.so"))
                        .map(path -> Path.of(path).getFileName().toString()).findFirst();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /**
     * Inflates a known stream in uneven pieces and the same stream with its Adler-32 damaged: the first must give the
     * bytes back and end, the second must fail, and neither may write past the struct.
     */
    private static Optional<String> selfTest(Api api) {
        byte[] data = sample();
        byte[] zlib = deflate(data);
        try (IsalInflater good = new IsalInflater(api, new IsalInflater.Workspace())) {
            byte[] back = inflateAll(good, zlib);
            if (!Arrays.equals(back, data) || !good.ended()) {
                return Optional.of("ISA-L's self-test inflated different bytes: library not used");
            }
            if (!good.workspace().guardIntact()) {
                return Optional.of("ISA-L's self-test wrote past its state struct: library not used");
            }
        } catch (DataFormatException e) {
            return Optional.of("ISA-L's self-test failed (" + e.getMessage() + "): library not used");
        }
        zlib[zlib.length - 1] ^= 0x01;
        try (IsalInflater damaged = new IsalInflater(api, new IsalInflater.Workspace())) {
            inflateAll(damaged, zlib);
            return Optional.of("ISA-L's self-test accepted a wrong checksum: library not used");
        } catch (DataFormatException expected) {
            return Optional.empty();
        }
    }

    /** Photo-like bytes: smooth ramps with noise, so the stream has literals, matches and dynamic Huffman blocks. */
    private static byte[] sample() {
        Random random = new Random(16);
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i % 1200) / 5 + (i / 1200) + random.nextInt(4));
        }
        return data;
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(6);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] out = new byte[data.length + 1024];
            int n = 0;
            while (!deflater.finished()) {
                n += deflater.deflate(out, n, out.length - n);
            }
            return Arrays.copyOf(out, n);
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflateAll(ZlibInflater inflater, byte[] zlib) throws DataFormatException {
        byte[] out = new byte[400_000];
        int n = 0, at = 0;
        while (true) {
            int got = inflater.inflate(out, n, Math.min(1000, out.length - n));
            n += got;
            if (got == 0) {
                if (inflater.ended() || at == zlib.length || n == out.length) {
                    return Arrays.copyOf(out, n);
                }
                int piece = Math.min(777, zlib.length - at);
                inflater.setInput(zlib, at, piece);
                at += piece;
            }
        }
    }

    /** Why the library cannot be used. */
    private static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
