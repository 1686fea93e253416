package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.imageserving.common.imaging.tiff.PyramidLevel;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.testkit.DebianPackage;
import org.imageserving.tools.ic.ConversionSettings;
import org.imageserving.tools.ic.PyramidConverter;
import org.imageserving.tools.ptiff.Compression;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pyramid TIFFs with JPEG tiles read by the native tile decoder ({@link org.imageserving.is.ptiff.JpegTileLevel})
 * against the ImageIO path it replaces, on the same file: identical pixels at level size, for {@code ic}'s complete
 * tile streams (4:2:0 and 4:4:4, gray) and for libvips' (through libtiff) abbreviated streams whose tables are in the
 * JPEGTables tag (YCbCr, and RGB, which libvips writes from Q 90), on odd sizes, in windows across tile edges and in
 * the last partial tiles, and in replies below the smallest level; damaged tiles and odd tables with today's outcome;
 * other compressions untouched.
 */
class JpegTilePyramidTest {
    @TempDir
    static Path folder;
    static Path ic420, ic444, icGray, vipsYcbcr, vipsRgb, deflate, lzw;

    @BeforeAll
    static void pyramids() throws Exception {
        BufferedImage photo = grainy(PyramidTiffSourceTest.photoLike(1237, 811), 1);
        Path png = Patterns.write(photo, "png", folder.resolve("photo.png"));
        ic420 = ic(png, "ic420.tif", Compression.JPEG, false);
        ic444 = ic(png, "ic444.tif", Compression.JPEG, true);
        BufferedImage gray = new BufferedImage(1237, 811, BufferedImage.TYPE_BYTE_GRAY);
        gray.getGraphics().drawImage(photo, 0, 0, null);
        icGray = ic(Patterns.write(gray, "png", folder.resolve("gray.png")), "gray.tif", Compression.JPEG, false);
        deflate = ic(png, "deflate.tif", Compression.DEFLATE, false);
        lzw = ic(png, "lzw.tif", Compression.LZW, false);
        Path vips = DebianPackage.require(Path.of("/usr/bin/vips"), "libvips-tools");
        vipsYcbcr = vips(vips, png, "vips-ycbcr.tif", 80);
        vipsRgb = vips(vips, png, "vips-rgb.tif", 95);
    }

    @Test
    void everyLevelAndWindowIsTheImageIoPathsPixelsExactly() {
        for (Path file : List.of(ic420, ic444, icGray, vipsYcbcr, vipsRgb)) {
            try (PyramidTiffSource fast = PyramidTiffSource.open(file).orElseThrow();
                 PyramidTiffSource today = PyramidTiffSource.open(file).orElseThrow()) {
                Random random = new Random(16);
                for (PyramidLevel level : fast.levels()) {
                    assertThat(fast.decodesNatively(level.index())).as("%s level %d", file, level.index()).isTrue();
                    int f = level.factor();
                    List<Rectangle> regions = new ArrayList<>(List.of(new Rectangle(0, 0, fast.width(), fast.height()),
                            // the last partial tiles: the bottom right corner
                            new Rectangle(fast.width() - 300 * f / 4, fast.height() - 200 * f / 4, 300 * f / 4,
                                    200 * f / 4)));
                    for (int i = 0; i < 6; i++) {
                        int w = 1 + random.nextInt(fast.width() / 2), h = 1 + random.nextInt(fast.height() / 2);
                        regions.add(new Rectangle(random.nextInt(fast.width() - w), random.nextInt(fast.height() - h),
                                w, h));
                    }
                    for (Rectangle region : regions) {
                        BufferedImage expected = today.readWithImageIo(region, f);
                        BufferedImage actual = fast.read(region, f);
                        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
                        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
                        assertThat(Pixels.data(actual)).as("%s level %d %s", file.getFileName(), level.index(), region)
                                .isEqualTo(Pixels.data(expected));
                    }
                }
                assertThat(fast.imageIoOpened()).as("%s: nothing fell back to ImageIO", file).isFalse();
                assertThat(fast.hasAlpha()).isFalse();
                assertThat(fast.imageIoOpened()).isFalse();
            }
        }
    }

    @Test
    void repliesBelowTheSmallestLevelAreTodays() {
        // not DCT-scaled (see PyramidTiffSource#subsampling): the smallest level at its size, then the resampler
        for (Path file : List.of(ic420, icGray, vipsYcbcr, vipsRgb)) {
            try (PyramidTiffSource fast = PyramidTiffSource.open(file).orElseThrow();
                 PyramidTiffSource today = PyramidTiffSource.open(file).orElseThrow()) {
                PyramidLevel smallest = fast.levels().get(fast.levels().size() - 1);
                for (int width : new int[] {smallest.width() / 3, smallest.width() / 9, 7}) {
                    String query = "wid=" + width;
                    assertThat(fast.subsampling((double) fast.width() / width)).isEqualTo(smallest.factor());
                    assertThat(Pixels.data(PyramidTiffSourceTest.render(fast, query))).as("%s %s", file, query)
                            .isEqualTo(Pixels.data(PyramidTiffSourceTest.render(imageIoOnly(today), query)));
                }
                assertThat(fast.imageIoOpened()).isFalse();
            }
        }
    }

    @Test
    void aReplyFromALevelIsTheSameAsTodays() {
        try (PyramidTiffSource fast = PyramidTiffSource.open(vipsYcbcr).orElseThrow();
             PyramidTiffSource today = PyramidTiffSource.open(vipsYcbcr).orElseThrow()) {
            for (String query : List.of("wid=400", "wid=200&crop=100,100,900,500", "scl=1&rect=1100,700,137,111")) {
                assertThat(Pixels.data(PyramidTiffSourceTest.render(fast, query))).as(query)
                        .isEqualTo(Pixels.data(PyramidTiffSourceTest.render(imageIoOnly(today), query)));
            }
        }
    }

    @Test
    void damagedTilesGetTodaysOutcome() throws Exception {
        for (Path original : List.of(ic420, vipsYcbcr)) {
            TiffDirectory level1 = TiffReader.read(original).directories().get(1);
            long[] offsets = level1.values(TiffTag.TILE_OFFSETS);
            long[] counts = level1.values(TiffTag.TILE_BYTE_COUNTS);
            byte[] bytes = Files.readAllBytes(original);
            int tile = 1;
            int middle = (int) (offsets[tile] + counts[tile] / 2);
            // cut short: an end-of-image marker halfway through the entropy-coded data
            byte[] cut = bytes.clone();
            cut[middle] = (byte) 0xFF;
            cut[middle + 1] = (byte) 0xD9;
            // garbage: a run of random bytes in the entropy-coded data
            byte[] garbage = bytes.clone();
            Random random = new Random(7);
            for (int i = 0; i < 40; i++) {
                garbage[middle + i] = (byte) random.nextInt(256);
            }
            // a tile stream that is no JPEG at all
            byte[] noJpeg = bytes.clone();
            Arrays.fill(noJpeg, (int) offsets[tile], (int) (offsets[tile] + 8), (byte) 0x42);
            for (byte[] damaged : List.of(cut, garbage, noJpeg)) {
                Path file = Files.write(folder.resolve("damaged-" + original.getFileName()), damaged);
                try (PyramidTiffSource fast = PyramidTiffSource.open(file).orElseThrow();
                     PyramidTiffSource today = PyramidTiffSource.open(file).orElseThrow()) {
                    Rectangle region = new Rectangle(0, 0, fast.width(), fast.height());
                    String expected = outcome(() -> today.readWithImageIo(region, 2));
                    String actual = outcome(() -> fast.read(region, 2));
                    System.out.printf("damaged tile in %s: %s%n", original.getFileName(), expected);
                    assertThat(actual).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void tablesThatAreNotTablesKeepTheImageIoPath() throws Exception {
        TiffDirectory level1 = TiffReader.read(vipsYcbcr).directories().get(1);
        byte[] tables = level1.bytes(TiffTag.JPEG_TABLES).orElseThrow();
        byte[] bytes = Files.readAllBytes(vipsYcbcr);
        int patched = 0;
        for (int at = indexOf(bytes, tables, 0); at > 0; at = indexOf(bytes, tables, at + 1)) {
            bytes[at + 3] = (byte) 0xC0; // every level's first table segment becomes a frame header
            patched++;
        }
        assertThat(patched).isPositive();
        Path file = Files.write(folder.resolve("odd-tables.tif"), bytes);
        try (PyramidTiffSource fast = PyramidTiffSource.open(file).orElseThrow();
             PyramidTiffSource today = PyramidTiffSource.open(file).orElseThrow()) {
            int index = fast.levels().get(1).index();
            assertThat(fast.decodesNatively(index)).isFalse();
            Rectangle region = new Rectangle(0, 0, fast.width(), fast.height());
            assertThat(outcome(() -> fast.read(region, 2))).isEqualTo(outcome(() -> today.readWithImageIo(region, 2)));
        }
    }

    @Test
    void otherCompressionsKeepTheImageIoPath() {
        for (Path file : List.of(deflate, lzw)) {
            try (PyramidTiffSource source = PyramidTiffSource.open(file).orElseThrow();
                 PyramidTiffSource today = PyramidTiffSource.open(file).orElseThrow()) {
                for (PyramidLevel level : source.levels()) {
                    assertThat(source.decodesNatively(level.index())).isFalse();
                }
                Rectangle region = new Rectangle(100, 50, 900, 700);
                assertThat(Pixels.data(source.read(region, 2)))
                        .isEqualTo(Pixels.data(today.readWithImageIo(region, 2)));
                assertThat(source.imageIoOpened()).isTrue();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The source as it was before the native path: ImageIO only. */
    static PixelSource imageIoOnly(PyramidTiffSource source) {
        return new PixelSource() {
            @Override
            public int width() {
                return source.width();
            }

            @Override
            public int height() {
                return source.height();
            }

            @Override
            public boolean allowsSubsampling() {
                return true;
            }

            @Override
            public int subsampling(double reduction) {
                return source.subsampling(reduction);
            }

            @Override
            public BufferedImage read(Rectangle region, int subsampling) {
                return source.readWithImageIo(region, subsampling);
            }
        };
    }

    /** The pixels' hash, or the error's class and message. */
    static String outcome(Supplier<BufferedImage> read) {
        try {
            BufferedImage image = read.get();
            return "pixels " + image.getWidth() + "x" + image.getHeight() + " " + Arrays.hashCode(Pixels.data(image));
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (e instanceof RenderException r ? " (" + r.status() + ")" : "");
        }
    }

    /** Camera-like grain on top of an image, so JPEG tiles have detail in every block. */
    static BufferedImage grainy(BufferedImage image, long seed) {
        Random random = new Random(seed);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int p = image.getRGB(x, y), q = 0;
                for (int shift = 0; shift <= 16; shift += 8) {
                    int v = ((p >> shift) & 0xFF) + (int) Math.round(random.nextGaussian() * 6);
                    q |= Math.max(0, Math.min(255, v)) << shift;
                }
                out.setRGB(x, y, q);
            }
        }
        return out;
    }

    static Path ic(Path source, String name, Compression compression, boolean fullSampleChroma) throws Exception {
        ConversionSettings d = ConversionSettings.defaults();
        ConversionSettings settings = new ConversionSettings(compression, 85, fullSampleChroma, d.usm(), d.filter(),
                d.dpi(), d.embedColorProfile(), d.embedXmp(), d.applyClipPath(), d.maintainPixelType(), d.autoCrop(),
                d.maxMemoryBytes(), d.color(), d.forceJpegDecompress());
        Path out = folder.resolve(name);
        new PyramidConverter(settings).convert(source, out, line -> {});
        return out;
    }

    /** libvips' pyramid through libtiff: 128 px tiles, abbreviated streams, tables in JPEGTables; RGB from Q 90. */
    static Path vips(Path vips, Path source, String name, int quality) throws Exception {
        Path out = folder.resolve(name);
        Process p = new ProcessBuilder(vips.toString(), "tiffsave", source.toString(), out.toString(), "--tile",
                "--pyramid", "--compression", "jpeg", "--Q", String.valueOf(quality)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        long photometric = TiffReader.read(out).first().first(TiffTag.PHOTOMETRIC_INTERPRETATION, -1);
        assertThat(photometric).as("photometric of %s", name).isEqualTo(quality >= 90 ? 2 : 6);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
