package org.imageserving.is.zlib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ISA-L's inflate against the JDK's zlib on streams of every kind of deflate block (stored, fixed and dynamic
 * Huffman, long matches), fed and drained in pieces from 1 byte to all at once, and on damaged streams, which both
 * must refuse.
 */
class ZlibInflatersTest {
    @BeforeAll
    static void installed() {
        IsalInstalled.require();
    }

    @ParameterizedTest(name = "level {0}, strategy {1}, {2} bytes, input pieces of {3}, output pieces of {4}")
    @CsvSource({"0,0,70000,777,1000", "1,0,300000,65536,300000", "6,0,300000,1,4096", "9,0,300000,8192,1",
            "6,2,200000,5000,24001", "6,1,200000,65536,7", "6,0,0,1,1", "6,0,1,1,1", "1,0,3000000,65536,12001"})
    void isalGivesWhatZlibGives(int level, int strategy, int size, int inputPiece, int outputPiece)
            throws DataFormatException {
        byte[] data = photoLike(size, level + size);
        byte[] zlib = deflate(data, level, strategy);
        byte[] jdk = inflate(false, zlib, inputPiece, outputPiece);
        byte[] isal = inflate(true, zlib, inputPiece, outputPiece);
        assertThat(jdk).isEqualTo(data);
        assertThat(isal).isEqualTo(data);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"header", "middle", "checksum", "method"})
    void aDamagedStreamIsRefusedByBoth(String damage) {
        byte[] zlib = deflate(photoLike(200_000, 7), 6, 0);
        switch (damage) {
            case "header" -> zlib[1] ^= 0x01; // the header's check bits no longer fit
            case "middle" -> Arrays.fill(zlib, zlib.length / 2, zlib.length / 2 + 40, (byte) 0xFF);
            case "checksum" -> zlib[zlib.length - 2] ^= 0x10; // the data inflates, the Adler-32 differs
            default -> zlib[0] = (byte) (zlib[0] & 0xF0 | 0x07); // compression method 7
        }
        for (boolean isal : new boolean[] {false, true}) {
            assertThatThrownBy(() -> inflate(isal, zlib, 4096, 50_000)).as(isal ? "ISA-L" : "zlib")
                    .isInstanceOf(DataFormatException.class);
        }
    }

    @Test
    void aShortStreamWantsMoreInputFromBoth() throws DataFormatException {
        byte[] data = photoLike(100_000, 3);
        byte[] zlib = Arrays.copyOf(deflate(data, 6, 0), 20_000);
        for (boolean isal : new boolean[] {false, true}) {
            byte[] got = inflate(isal, zlib, 4096, 1000);
            assertThat(got.length).as(isal ? "ISA-L" : "zlib").isPositive().isLessThan(data.length);
            assertThat(got).isEqualTo(Arrays.copyOf(data, got.length));
        }
    }

    @Test
    void theSwitchTurnsIsalOffForTheNextStream() {
        IsalInstalled.with(false, () -> {
            assertThat(ZlibInflaters.engine()).startsWith("zlib").contains(ZlibInflaters.SWITCH);
            try (ZlibInflater inflater = ZlibInflaters.open()) {
                assertThat(inflater).isInstanceOf(JdkInflater.class);
            }
        });
        IsalInstalled.with(true, () -> {
            assertThat(ZlibInflaters.engine()).startsWith("ISA-L 2.30");
            try (ZlibInflater inflater = ZlibInflaters.open()) {
                assertThat(inflater).isInstanceOf(IsalInflater.class);
            }
        });
    }

    @Test
    void closingTwiceGivesTheNativeBuffersBackOnce() {
        IsalInflater first = IsalInflater.open(IsalLibrary.api());
        first.close();
        first.close();
        // more streams than the kept buffers: a workspace kept twice would be handed to two of them
        java.util.List<IsalInflater> open = new java.util.ArrayList<>();
        java.util.Set<Object> workspaces = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 9; i++) {
            IsalInflater inflater = IsalInflater.open(IsalLibrary.api());
            open.add(inflater);
            workspaces.add(inflater.workspace());
        }
        open.forEach(IsalInflater::close);
        assertThat(workspaces).hasSize(9);
    }

    /** Inflates everything the stream gives, then says whether it ended; a short stream returns what came out. */
    private static byte[] inflate(boolean isal, byte[] zlib, int inputPiece, int outputPiece)
            throws DataFormatException {
        String before = System.getProperty(ZlibInflaters.SWITCH);
        System.setProperty(ZlibInflaters.SWITCH, Boolean.toString(isal));
        try (ZlibInflater inflater = ZlibInflaters.open()) {
            assertThat(inflater).isInstanceOf(isal ? IsalInflater.class : JdkInflater.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] piece = new byte[outputPiece];
            int at = 0;
            while (true) {
                int n = inflater.inflate(piece, 0, piece.length);
                out.write(piece, 0, n);
                if (n == 0) {
                    if (inflater.ended() || at == zlib.length) {
                        return out.toByteArray();
                    }
                    int length = Math.min(inputPiece, zlib.length - at);
                    inflater.setInput(zlib, at, length);
                    at += length;
                }
            }
        } finally {
            if (before == null) {
                System.clearProperty(ZlibInflaters.SWITCH);
            } else {
                System.setProperty(ZlibInflaters.SWITCH, before);
            }
        }
    }

    /** Rows of a smooth ramp with noise and repeats, like unfiltered photo rows. */
    static byte[] photoLike(int size, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i % 4099 < 300 ? data[Math.max(0, i - 4099)] : (i % 1500) / 6 + (i / 1500) + random.nextInt(5));
        }
        return data;
    }

    static byte[] deflate(byte[] data, int level, int strategy) {
        Deflater deflater = new Deflater(level);
        deflater.setStrategy(strategy);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
