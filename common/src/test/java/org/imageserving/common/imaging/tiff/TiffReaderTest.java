package org.imageserving.common.imaging.tiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TiffReaderTest {
    @TempDir
    Path folder;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(folder.resolve(name), bytes);
    }

    private static byte[] icc() {
        byte[] icc = new byte[3000];
        new Random(1).nextBytes(icc);
        return icc;
    }

    private static TiffBytes twoLevels(TiffBytes tiff) {
        return tiff.image(640, 480, 0).ascii(TiffTag.DATE_TIME, "2026:03:04 05:06:07")
                .shorts(TiffTag.BITS_PER_SAMPLE, 8, 8, 8).undefined(TiffTag.ICC_PROFILE, icc())
                .longs(TiffTag.TILE_OFFSETS, 5000, 6000, 7000, 8000).longs(TiffTag.TILE_BYTE_COUNTS, 10, 10, 10, 10)
                .image(320, 240, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"II", "MM"})
    void readsClassicTiffInEitherByteOrder(String mark) throws IOException {
        ByteOrder order = mark.equals("II") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        Path file = write("classic.tif", twoLevels(new TiffBytes(order, false)).bytes());

        TiffFile tiff = TiffReader.read(file);

        assertThat(tiff.bigTiff()).isFalse();
        assertThat(tiff.byteOrder()).isEqualTo(order);
        assertThat(tiff.fileSize()).isEqualTo(Files.size(file));
        assertThat(tiff.directories()).extracting(d -> d.width() + "x" + d.height()).containsExactly("640x480", "320x240");
        TiffDirectory first = tiff.first();
        assertThat(first.text(TiffTag.DATE_TIME)).contains("2026:03:04 05:06:07");
        assertThat(first.values(TiffTag.BITS_PER_SAMPLE)).containsExactly(8, 8, 8);
        assertThat(first.bytes(TiffTag.ICC_PROFILE)).hasValueSatisfying(b -> assertThat(b).isEqualTo(icc()));
        assertThat(first.values(TiffTag.TILE_OFFSETS)).containsExactly(5000, 6000, 7000, 8000);
        assertThat(first.dataEnd()).isEqualTo(8010);
        assertThat(first.reducedResolution()).isFalse();
        assertThat(tiff.directories().get(1).reducedResolution()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"II", "MM"})
    void readsBigTiffWithEightByteCountsAndOffsets(String mark) throws IOException {
        ByteOrder order = mark.equals("II") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        TiffBytes big = twoLevels(new TiffBytes(order, true));
        big.long8s(TiffTag.TILE_OFFSETS, 1L << 33, (1L << 33) + 100).long8s(TiffTag.TILE_BYTE_COUNTS, 100, 100);
        Path file = write("big.tif", big.bytes());

        TiffFile tiff = TiffReader.read(file);

        assertThat(tiff.bigTiff()).isTrue();
        assertThat(tiff.directories()).extracting(d -> d.width() + "x" + d.height()).containsExactly("640x480", "320x240");
        assertThat(tiff.first().text(TiffTag.DATE_TIME)).contains("2026:03:04 05:06:07");
        assertThat(tiff.first().bytes(TiffTag.ICC_PROFILE)).hasValueSatisfying(b -> assertThat(b).isEqualTo(icc()));
        assertThat(tiff.directories().get(1).values(TiffTag.TILE_OFFSETS)).containsExactly(1L << 33, (1L << 33) + 100);
        assertThat(tiff.directories().get(1).dataEnd()).as("beyond 4 GB, as only BigTIFF can say").isEqualTo((1L << 33) + 200);
    }

    @Test
    void keepsOnlyTheTagsAskedFor() throws IOException {
        Path file = write("a.tif", twoLevels(TiffBytes.classic()).bytes());

        TiffDirectory first = TiffReader.read(file, EnumSet.of(TiffTag.IMAGE_WIDTH)).first();

        assertThat(first.width()).isEqualTo(640);
        assertThat(first.has(TiffTag.ICC_PROFILE)).isFalse();
        assertThat(first.has(TiffTag.IMAGE_LENGTH)).isFalse();
    }

    @Test
    void aCallerCanRefuseLargeValues() throws IOException {
        Path file = write("a.tif", twoLevels(TiffBytes.classic()).bytes());

        assertThatThrownBy(() -> TiffReader.read(file, EnumSet.of(TiffTag.ICC_PROFILE), 64))
                .isInstanceOf(TiffFormatException.class).hasMessageContaining("tag 34675 claims 3000 values");
        assertThat(TiffReader.read(file, EnumSet.of(TiffTag.DATE_TIME), 64).first().text(TiffTag.DATE_TIME)).isPresent();
    }

    @Test
    void skipsValuesOfUnknownTypes() throws IOException {
        Path file = write("odd.tif", TiffBytes.classic().image(8, 8, 0).raw(TiffTag.SOFTWARE.code(), 99, 1, new byte[4]).bytes());

        assertThat(TiffReader.read(file).first().has(TiffTag.SOFTWARE)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDirectoryLoopIsRefused(boolean big) throws IOException {
        TiffBytes tiff = new TiffBytes(ByteOrder.LITTLE_ENDIAN, big).image(8, 8, 0).image(4, 4, 1);
        byte[] bytes = tiff.bytes();
        Path loop = write("loop.tif", tiff.withNext(bytes, 1, tiff.directoryOffset(0)));

        assertThatThrownBy(() -> TiffReader.read(loop)).isInstanceOf(TiffFormatException.class).hasMessageContaining("loops");
    }

    @Test
    void aChainLongerThanAnyPyramidIsRefused() throws IOException {
        TiffBytes tiff = TiffBytes.classic();
        for (int i = 0; i <= TiffReader.MAX_DIRECTORIES; i++) {
            tiff.image(8, 8, 1);
        }
        Path file = write("long.tif", tiff.bytes());

        assertThatThrownBy(() -> TiffReader.read(file)).isInstanceOf(TiffFormatException.class)
                .hasMessageContaining("longer than " + TiffReader.MAX_DIRECTORIES);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOffsetPastTheEndIsRefused(boolean big) throws IOException {
        TiffBytes tiff = new TiffBytes(ByteOrder.LITTLE_ENDIAN, big).image(8, 8, 0);
        byte[] bytes = tiff.bytes();
        Path next = write("next.tif", tiff.withNext(bytes.clone(), 0, bytes.length + 100L));
        Path huge = write("huge.tif", tiff.withNext(bytes.clone(), 0, big ? Long.MAX_VALUE : 0xFFFF_FFF0L));

        for (Path file : new Path[] {next, huge}) {
            assertThatThrownBy(() -> TiffReader.read(file)).isInstanceOf(TiffFormatException.class)
                    .hasMessageContaining("past the end of the file");
        }
    }

    @Test
    void aValueOffsetPastTheEndIsRefused() throws IOException {
        ByteBuffer offset = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x7FFF_0000);
        Path file = write("value.tif", TiffBytes.classic().image(8, 8, 0)
                .raw(TiffTag.ICC_PROFILE.code(), TiffEntry.UNDEFINED, 1000, offset.array()).bytes());

        assertThatThrownBy(() -> TiffReader.read(file)).isInstanceOf(TiffFormatException.class)
                .hasMessageContaining("tag 34675").hasMessageContaining("past the end of the file");
    }

    @Test
    void absurdEntryCountsAreRefusedBeforeAnythingIsAllocated() throws IOException {
        byte[] classic = {'I', 'I', 42, 0, 8, 0, 0, 0, (byte) 0xFF, (byte) 0xFF};
        ByteBuffer big = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        big.put((byte) 'I').put((byte) 'I').putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(16)
                .putLong(1L << 40);
        for (Path file : new Path[] {write("entries.tif", classic), write("entries-big.tif", big.array())}) {
            assertThatThrownBy(() -> TiffReader.read(file)).isInstanceOf(TiffFormatException.class)
                    .hasMessageContaining("entries");
        }
        Path values = write("values.tif", TiffBytes.bigTiff().image(8, 8, 0)
                .raw(TiffTag.TILE_OFFSETS.code(), TiffEntry.LONG8, 1L << 40, new byte[8]).bytes());
        assertThatThrownBy(() -> TiffReader.read(values)).isInstanceOf(TiffFormatException.class)
                .hasMessageContaining("tag 324 claims 1099511627776 values");
    }

    @Test
    void everyTruncationOfAValidFileFailsCleanly() throws IOException {
        byte[] whole = twoLevels(TiffBytes.classic()).bytes();
        for (int length = 0; length < whole.length; length++) {
            Path cut = write("cut.tif", Arrays.copyOf(whole, length));
            assertThatThrownBy(() -> TiffReader.read(cut)).as("%d of %d bytes", length, whole.length)
                    .isInstanceOf(TiffFormatException.class);
        }
    }

    @Test
    void randomDamageNeverEscapesAsAnythingButAFormatError() throws IOException {
        byte[] whole = twoLevels(TiffBytes.bigTiff()).bytes();
        Random random = new Random(42);
        for (int round = 0; round < 2000; round++) {
            byte[] damaged = whole.clone();
            for (int k = 0; k < 4; k++) {
                damaged[random.nextInt(Math.min(damaged.length, 400))] = (byte) random.nextInt();
            }
            Path file = write("damaged.tif", damaged);
            try {
                TiffReader.read(file);
            } catch (TiffFormatException expected) {
                // refused: what a damaged file may do
            }
        }
    }

    @Test
    void otherFilesAreNotTiffs() throws IOException {
        Path png = write("a.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        Path version = write("v.tif", new byte[] {'I', 'I', 44, 0, 8, 0, 0, 0});

        assertThatThrownBy(() -> TiffReader.read(png)).isInstanceOf(TiffFormatException.class).hasMessageContaining("not a TIFF");
        assertThatThrownBy(() -> TiffReader.read(version)).isInstanceOf(TiffFormatException.class).hasMessageContaining("version 44");
    }
}
