package org.imageserving.is.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.common.imaging.tiff.PyramidLevel;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.common.render.RenderRequest;
import org.imageserving.is.request.ImageCommands;
import org.imageserving.tools.ic.ConversionSettings;
import org.imageserving.tools.ic.DownsampleFilter;
import org.imageserving.tools.ic.Downsampler;
import org.imageserving.tools.ic.PyramidConverter;
import org.imageserving.tools.ptiff.Compression;
import org.imageserving.tools.ptiff.PyramidTiffWriter;
import org.imageserving.tools.ptiff.TiffOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pyramid TIFFs written by bin/ic's own converter: recognised with every level, read from the right level, only the
 * tiles a request needs decoded (checked on the bytes actually read from the file), replies matching the same request
 * on the source image, and damaged files refused.
 */
class PyramidTiffSourceTest {
    @TempDir
    static Path folder;
    static Path sourcePng;
    static Path ptiff;

    @BeforeAll
    static void convert() throws Exception {
        sourcePng = Patterns.write(photoLike(2000, 1300), "png", folder.resolve("source.png"));
        ptiff = folder.resolve("source.tif");
        new PyramidConverter(ConversionSettings.defaults()).convert(sourcePng, ptiff, line -> {});
    }

    /** Smooth colour fields with sharp dark bars, so both the filtering and the geometry show in a comparison. */
    static BufferedImage photoLike(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (int) (128 + 100 * Math.sin(x / 97.0) * Math.cos(y / 131.0));
                int g = (int) (128 + 90 * Math.sin((x + y) / 173.0));
                int b = 40 + (x + 2 * y) * 170 / (width + 2 * height);
                if (x % 200 < 12 || y % 250 < 12) {
                    r = g = b = 20;
                }
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    @Test
    void anIcPyramidIsRecognisedWithEveryLevel() {
        try (PyramidTiffSource source = PyramidTiffSource.open(ptiff).orElseThrow()) {
            assertThat(source.width()).isEqualTo(2000);
            assertThat(source.height()).isEqualTo(1300);
            assertThat(source.levels()).extracting(l -> l.width() + "x" + l.height() + "/" + l.factor())
                    .containsExactly("2000x1300/1", "1000x650/2", "500x325/4", "250x163/8");
            assertThat(source.hasAlpha()).isFalse();
        }
    }

    @Test
    void theSmallestLevelWithAtLeastTheReplysResolutionIsChosen() {
        try (PyramidTiffSource source = PyramidTiffSource.open(ptiff).orElseThrow()) {
            assertThat(source.subsampling(0.25)).isEqualTo(1); // enlarging: full resolution
            assertThat(source.subsampling(1.99)).isEqualTo(1);
            assertThat(source.subsampling(2.0)).isEqualTo(2);
            assertThat(source.subsampling(7.9)).isEqualTo(4);
            assertThat(source.subsampling(100)).isEqualTo(8);
        }
    }

    @Test
    void otherFilesAreNotPyramids() throws Exception {
        Path plainTiff = Patterns.write(photoLike(300, 200), "tiff", folder.resolve("plain.tif"));
        assertThat(PyramidTiffSource.open(plainTiff)).isEmpty();
        assertThat(PyramidTiffSource.open(sourcePng)).isEmpty();
        Path pages = multiPage(folder.resolve("pages.tif"), 400, 300, 400, 300);
        assertThat(PyramidTiffSource.open(pages)).as("pages of one size are a document, not a pyramid").isEmpty();
    }

    @Test
    void aMultiPageTiffWhosePagesHalveIsAPyramidToo() throws Exception {
        Path pages = multiPage(folder.resolve("halving.tif"), 801, 601, 400, 300, 200, 150);
        try (PyramidTiffSource source = PyramidTiffSource.open(pages).orElseThrow()) {
            assertThat(source.levels()).extracting(PyramidLevel::factor).containsExactly(1, 2, 4);
            BufferedImage read = source.read(new Rectangle(0, 0, 801, 601), 4);
            assertThat(read.getWidth()).isEqualTo(200);
            assertThat(read.getHeight()).isEqualTo(150);
        }
    }

    @Test
    void repliesMatchTheSameRequestsOnTheSourceImage() {
        String[] queries = {"wid=400", "wid=150", "wid=1100", "crop=300,200,700,500&wid=250",
                "scl=1&rect=1024,512,256,256", "scl=4&rect=128,64,256,200", "rgn=500,400,800,600&wid=300&hei=300",
                "wid=300&rotate=90&flip=lr"};
        try (SourceImage image = SourceImage.open(sourcePng, 50_000_000L);
             PyramidTiffSource pyramid = PyramidTiffSource.open(ptiff).orElseThrow()) {
            for (String query : queries) {
                BufferedImage expected = render(PixelSource.of(image), query);
                BufferedImage actual = render(pyramid, query);
                assertThat(actual.getWidth()).as(query).isEqualTo(expected.getWidth());
                assertThat(actual.getHeight()).as(query).isEqualTo(expected.getHeight());
                double diff = meanDifference(expected, actual);
                System.out.printf("pyramid vs source %-40s mean |diff| %.2f%n", query, diff);
                assertThat(diff).as(query).isLessThan(2.5);
            }
        }
    }

    @Test
    void alphaIsKept() throws Exception {
        BufferedImage rgba = new BufferedImage(1200, 800, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 800; y++) {
            for (int x = 0; x < 1200; x++) {
                rgba.setRGB(x, y, x < 600 ? 0x00000000 : (255 * y / 800) << 24 | 0x00C08020);
            }
        }
        Path png = Patterns.write(rgba, "png", folder.resolve("alpha.png"));
        Path tif = folder.resolve("alpha.tif");
        new PyramidConverter(ConversionSettings.defaults()).convert(png, tif, line -> {});
        try (SourceImage image = SourceImage.open(png, 50_000_000L);
             PyramidTiffSource pyramid = PyramidTiffSource.open(tif).orElseThrow()) {
            assertThat(pyramid.hasAlpha()).isTrue();
            BufferedImage expected = render(PixelSource.of(image), "wid=200");
            BufferedImage actual = render(pyramid, "wid=200");
            assertThat(actual.getRGB(20, 100) >>> 24).isZero();
            assertThat(actual.getRGB(180, 120) >>> 24).isBetween(225, 235); // source row 723 of 800: 255 × 723 / 800
            assertThat(actual.getRGB(180, 120) & 0xFFFFFF).isEqualTo(0xC08020);
            assertThat(meanDifference(expected, actual)).isLessThan(1);
            assertThat(meanAlphaDifference(expected, actual)).isLessThan(1);
        }
    }

    @Test
    void sixteenBitGrayLevelsAreRead() throws Exception {
        BufferedImage gray = new BufferedImage(1000, 700, BufferedImage.TYPE_USHORT_GRAY);
        java.awt.image.WritableRaster raster = gray.getRaster();
        for (int y = 0; y < 700; y++) {
            for (int x = 0; x < 1000; x++) {
                raster.setSample(x, y, 0, x < 500 ? 65535 * y / 700 : 12000);
            }
        }
        Path png = Patterns.write(gray, "png", folder.resolve("gray16.png"));
        Path tif = folder.resolve("gray16.tif");
        new PyramidConverter(ConversionSettings.defaults()).convert(png, tif, line -> {});
        try (SourceImage image = SourceImage.open(png, 50_000_000L);
             PyramidTiffSource pyramid = PyramidTiffSource.open(tif).orElseThrow()) {
            for (String query : new String[] {"wid=200", "scl=1&rect=400,300,200,200"}) {
                assertThat(meanDifference(render(PixelSource.of(image), query), render(pyramid, query)))
                        .as(query).isLessThan(1);
            }
        }
    }

    @Test
    void aThumbnailOfALargePyramidReadsOnlyTheTilesOfOneSmallLevel() throws Exception {
        Path large = largePyramid(folder.resolve("large.tif"), 8000, 8000);
        List<TiffDirectory> directories = TiffReader.read(large).directories();
        // 400 px from 8000: 20 source pixels per reply pixel, so the 1/16 level (500 px, 2×2 tiles) serves
        RecordingStream stream = new RecordingStream(large); // closed by the source
        try (PyramidTiffSource source = PyramidTiffSource.open(large, stream).orElseThrow()) {
            stream.reads.clear();
            BufferedImage out = render(source, "wid=400");
            assertThat(out.getWidth()).isEqualTo(400);
            assertThat(touchedTiles(stream, directories.get(4))).containsExactly(0, 1, 2, 3);
            for (int level = 0; level < 4; level++) {
                assertThat(touchedTiles(stream, directories.get(level))).as("level %d", level).isEmpty();
            }
            assertThat(stream.bytesRead()).isLessThan(Files.size(large) / 20);
        }
        // a 300×300 region at full resolution, inside tiles (15..16, 15..16) of the 32×32 grid
        stream = new RecordingStream(large);
        try (PyramidTiffSource source = PyramidTiffSource.open(large, stream).orElseThrow()) {
            stream.reads.clear();
            BufferedImage region = source.read(new Rectangle(4000, 4000, 300, 300), 1);
            assertThat(region.getWidth()).isEqualTo(300);
            assertThat(touchedTiles(stream, directories.get(0)))
                    .containsExactly(15 * 32 + 15, 15 * 32 + 16, 16 * 32 + 15, 16 * 32 + 16);
            assertThat(region.getRGB(10, 10) & 0xFF).isEqualTo(tileValue(15, 15));
            assertThat(region.getRGB(290, 290) & 0xFF).isEqualTo(tileValue(16, 16));
        }
    }

    @Test
    void aTruncatedPyramidIsRefusedAsDamaged() throws Exception {
        byte[] bytes = Files.readAllBytes(ptiff);
        for (int percent : new int[] {10, 50, 90, 99}) {
            Path truncated = Files.write(folder.resolve("truncated-" + percent + ".tif"),
                    Arrays.copyOf(bytes, bytes.length * percent / 100));
            assertThatThrownBy(() -> {
                try (PyramidTiffSource source = PyramidTiffSource.open(truncated).orElseThrow()) {
                    source.read(new Rectangle(0, 0, 2000, 1300), 1);
                }
            }).as("%d %%", percent).isInstanceOf(RenderException.class)
                    .hasMessageContaining("corrupt").hasMessageContaining(truncated.getFileName().toString())
                    .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
        }
    }

    @Test
    void hostileDirectoriesAreRefusedBeforeAnyPixel() throws Exception {
        Path loop = Files.write(folder.resolve("loop.tif"), tiff(new long[][] {{8, 8}})); // a directory pointing at itself
        assertThatThrownBy(() -> PyramidTiffSource.open(loop)).isInstanceOf(RenderException.class)
                .hasMessageContaining("loops");
        // 50 000 × 50 000 with a true half level: over the 2 gigapixel cap whatever IS::MaxNonDsfSize says
        Path huge = Files.write(folder.resolve("huge.tif"), tiff(new long[][] {{50_000, 50_000, 0}, {25_000, 25_000, 1}}));
        assertThatThrownBy(() -> PyramidTiffSource.open(huge)).isInstanceOf(RenderException.class)
                .hasMessageContaining("2500.0 megapixels").hasMessageContaining("limit of 2000 megapixels");
        // under the cap but without tile tables: refused as damaged, nothing decoded
        Path empty = Files.write(folder.resolve("empty.tif"), tiff(new long[][] {{20_000, 20_000, 0}, {10_000, 10_000, 1}}));
        assertThatThrownBy(() -> PyramidTiffSource.open(empty)).isInstanceOf(RenderException.class)
                .hasMessageContaining("no valid tile table");
    }

    /**
     * A little-endian TIFF of bare directories: {width, height, subfile type} each, chained; or {@code {{8, 8}}} for a
     * directory at offset 8 whose next pointer is itself.
     */
    static byte[] tiff(long[][] directories) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1024).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        if (directories[0].length == 2) {
            b.putShort((short) 0).putInt(8);
            return Arrays.copyOf(b.array(), b.position());
        }
        for (int d = 0; d < directories.length; d++) {
            int[] tags = {254, 256, 257};
            long[] values = {directories[d][2], directories[d][0], directories[d][1]};
            b.putShort((short) 3);
            for (int t = 0; t < 3; t++) {
                b.putShort((short) tags[t]).putShort((short) 4).putInt(1).putInt((int) values[t]);
            }
            b.putInt(d + 1 < directories.length ? b.position() + 4 : 0);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    // ---------------------------------------------------------------- helpers

    static BufferedImage render(PixelSource source, String query) {
        Map<String, String> c = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            c.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        ImageCommands commands = ImageCommands.parse(RenderRequest.of("x", c));
        Layout layout = Layout.plan(commands, source.width(), source.height(), 16_000_000L);
        BufferedImage canvas = Pixels.create(layout.width(), layout.height());
        LayerPlacement.draw(source, layout, canvas, Kernel.of(commands.resMode()));
        return canvas;
    }

    /** Mean absolute difference per channel (0..255) over the colour channels. */
    static double meanDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    sum += Math.abs(((p >> shift) & 0xFF) - ((q >> shift) & 0xFF));
                }
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    static double meanAlphaDifference(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                sum += Math.abs((a.getRGB(x, y) >>> 24) - (b.getRGB(x, y) >>> 24));
            }
        }
        return sum / (double) (a.getWidth() * a.getHeight());
    }

    /** A TIFF with one page per size pair, written by ImageIO (no subfile types, as a plain multi-page file). */
    static Path multiPage(Path file, int... sizes) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < sizes.length; i += 2) {
                writer.writeToSequence(new IIOImage(photoLike(sizes[i], sizes[i + 1]), null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** Gray level of full-resolution tile (column, row): distinct for every tile of a 32×32 grid. */
    static int tileValue(int column, int row) {
        return (column * 7 + row * 13) % 200 + 20;
    }

    /**
     * An 8000×8000 gray pyramid written with ic's writer and downsampler, JPEG tiles: one byte per pixel at full size
     * (64 MB), each 256×256 tile one flat gray, so a read shows which tiles it came from.
     */
    static Path largePyramid(Path file, int width, int height) throws IOException {
        byte[] samples = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                samples[y * width + x] = (byte) tileValue(x / 256, y / 256);
            }
        }
        org.imageserving.tools.ptiff.InterleavedImage level = org.imageserving.tools.ptiff.InterleavedImage.adopt(samples, width, height, 1, false);
        Downsampler downsampler = new Downsampler(DownsampleFilter.BOX_2X2);
        try (PyramidTiffWriter writer = new PyramidTiffWriter(file,
                new TiffOptions(Compression.JPEG, 90, false, 0, null, null, "test"))) {
            writer.writeLevel(level);
            while (level.width() > 256 || level.height() > 256) {
                level = downsampler.halve(level);
                writer.writeLevel(level);
            }
        }
        return file;
    }

    /** Tiles (row-major index) of a directory of which at least one byte was read. */
    static Set<Integer> touchedTiles(RecordingStream stream, TiffDirectory directory) {
        long[] offsets = directory.values(TiffTag.TILE_OFFSETS);
        long[] counts = directory.values(TiffTag.TILE_BYTE_COUNTS);
        Set<Integer> touched = new TreeSet<>();
        for (int i = 0; i < offsets.length; i++) {
            for (long[] read : stream.reads) {
                if (read[0] < offsets[i] + counts[i] && offsets[i] < read[0] + read[1]) {
                    touched.add(i);
                    break;
                }
            }
        }
        return touched;
    }

    /** An unbuffered file stream that records every range of bytes read from it, as (position, length). */
    static final class RecordingStream extends ImageInputStreamImpl {
        final RandomAccessFile file;
        final List<long[]> reads = new ArrayList<>();

        RecordingStream(Path path) {
            try {
                this.file = new RandomAccessFile(path.toFile(), "r");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long bytesRead() {
            return reads.stream().mapToLong(r -> r[1]).sum();
        }

        @Override
        public int read() throws IOException {
            bitOffset = 0;
            file.seek(streamPos);
            int b = file.read();
            if (b >= 0) {
                reads.add(new long[] {streamPos, 1});
                streamPos++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            bitOffset = 0;
            file.seek(streamPos);
            int n = file.read(b, off, len);
            if (n > 0) {
                reads.add(new long[] {streamPos, n});
                streamPos += n;
            }
            return n;
        }

        @Override
        public long length() {
            try {
                return file.length();
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public void close() throws IOException {
            super.close();
            file.close();
        }
    }
}
