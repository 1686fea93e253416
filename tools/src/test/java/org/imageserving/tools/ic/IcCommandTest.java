package org.imageserving.tools.ic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.tools.ic.PyramidRoundTripTest.ic;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.tools.ic.PyramidRoundTripTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ic's options and exit codes, through its command line. */
class IcCommandTest {
    @TempDir
    Path folder;

    @Test
    void jpegCompressionStoresYCbCrTilesWithTheRequestedChromaSampling() throws Exception {
        Path source = TestImages.png(TestImages.rgb(600, 400), folder.resolve("rgb.png"));
        Path subsampled = folder.resolve("subsampled.tif");
        Path full = folder.resolve("full.tif");

        assertThat(ic("-convert", "-jpegcompress", "-jpegquality", "90", source.toString(), subsampled.toString()).code()).isZero();
        assertThat(ic("-convert", "-jpegcompress", "-fullsamplechrominance", source.toString(), full.toString()).code()).isZero();

        TiffDirectory first = TiffReader.read(subsampled).directories().get(0);
        assertThat(first.first(TiffTag.COMPRESSION, 0)).as("compression").isEqualTo(7);
        assertThat(first.first(TiffTag.PHOTOMETRIC_INTERPRETATION, 0)).as("photometric YCbCr").isEqualTo(6);
        assertThat(first.values(TiffTag.YCBCR_SUBSAMPLING)).containsExactly(2, 2);
        assertThat(TiffReader.read(full).directories().get(0).values(TiffTag.YCBCR_SUBSAMPLING)).containsExactly(1, 1);
        BufferedImage original = TestImages.read(source);
        for (Path file : new Path[] {subsampled, full}) {
            ImageComparison c = ImageComparison.of(TestImages.readTiffLevel(file, 0), original, 12, 0);
            assertThat(c.meanDifference).as("%s: %s", file.getFileName(), c).isLessThan(2.0);
            assertThat(c.within).as("%s: %s", file.getFileName(), c).isGreaterThan(0.99);
        }
    }

    @Test
    void jpegIsIgnoredForSourcesWithAlpha() throws Exception {
        Path source = TestImages.png(TestImages.rgba(300, 300), folder.resolve("rgba.png"));
        Path target = folder.resolve("rgba.tif");

        Run run = ic("-convert", "-jpegcompress", source.toString(), target.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("-jpegcompress ignored: the source has alpha");
        TiffDirectory first = TiffReader.read(target).directories().get(0);
        assertThat(first.first(TiffTag.COMPRESSION, 0)).isEqualTo(8);
        assertThat(first.values(TiffTag.EXTRA_SAMPLES)).as("ExtraSamples: unassociated alpha").containsExactly(2);
    }

    @Test
    void lzwSurvivesNoiseThatFillsTheCodeTable() throws Exception {
        Path source = TestImages.png(TestImages.noise(700, 500, 7), folder.resolve("noise.png"));
        Path target = folder.resolve("noise.tif");

        assertThat(ic("-convert", "-lzwcompress", source.toString(), target.toString()).code()).isZero();

        assertThat(ImageComparison.of(TestImages.readTiffLevel(target, 0), TestImages.read(source), 0, 0).maxDifference).isZero();
    }

    @Test
    void embedsTheProfileAndXmpOnlyWhenAsked() throws Exception {
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/></x:xmpmeta>";
        Path source = folder.resolve("tagged.jpg");
        Files.write(source, withSegments(TestImages.jpegBytes(TestImages.rgb(300, 200), 0.9f), icc, xmp.getBytes(StandardCharsets.UTF_8)));
        Path with = folder.resolve("with.tif");
        Path without = folder.resolve("without.tif");

        assertThat(ic("-convert", "-embedColorProfile", "-embedXmpData", "-dpi", "300", source.toString(), with.toString()).code()).isZero();
        assertThat(ic("-convert", source.toString(), without.toString()).code()).isZero();

        TiffDirectory tagged = TiffReader.read(with).directories().get(0);
        assertThat(tagged.bytes(TiffTag.ICC_PROFILE).orElse(null)).isEqualTo(icc);
        assertThat(new String(tagged.bytes(TiffTag.XMP).orElse(null), StandardCharsets.UTF_8)).isEqualTo(xmp);
        assertThat(tagged.values(TiffTag.X_RESOLUTION)).containsExactly(300_000, 1000);
        assertThat(tagged.first(TiffTag.RESOLUTION_UNIT, 0)).isEqualTo(2);
        TiffDirectory plain = TiffReader.read(without).directories().get(0);
        assertThat(plain.has(TiffTag.ICC_PROFILE) || plain.has(TiffTag.XMP)).isFalse();
    }

    /** A JPEG with an ICC APP2 segment and an XMP APP1 segment right after SOI. */
    private static byte[] withSegments(byte[] jpeg, byte[] icc, byte[] xmp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        byte[] iccHeader = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
        segment(out, 0xE2, concat(iccHeader, new byte[] {1, 1}, icc));
        segment(out, 0xE1, concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1), xmp));
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] data) {
        out.write(0xFF);
        out.write(marker);
        out.write((data.length + 2) >> 8);
        out.write((data.length + 2) & 0xFF);
        out.writeBytes(data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Test
    void autocropWritesTheContentRectangleAndCanRunWithoutConverting() throws Exception {
        Path source = TestImages.png(TestImages.rectangleOnWhite(500, 400, new Rectangle(100, 50, 200, 120)),
                folder.resolve("box.png"));
        Path info = folder.resolve("crop.xml");

        Run run = ic("-autocrop", "ul", "0", "0.05", info.toString(), source.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(Files.readString(info)).contains("<crop x=\"100\" y=\"50\" width=\"200\" height=\"120\"/>")
                .contains("width=\"500\" height=\"400\"");
        try (var files = Files.list(folder)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tif"))).as("no PTIFF without -convert").isEmpty();
        }

        Run folderRun = ic("-convert", "-autocrop", "ul", "0", "0", info.toString(), folder.toString(), folder.resolve("out").toString());
        assertThat(folderRun.code()).isEqualTo(2);
        assertThat(folderRun.stderr()).contains("-autocrop takes a single source file");

        Path blank = TestImages.png(TestImages.rectangleOnWhite(100, 100, new Rectangle(0, 0, 0, 0)), folder.resolve("blank.png"));
        Path blankInfo = folder.resolve("blank.xml");
        Run nothing = ic("-autocrop", "lr", "0", "0", blankInfo.toString(), blank.toString());
        assertThat(nothing.code()).isZero();
        assertThat(blankInfo).as("no crop info when everything would be cropped").doesNotExist();
    }

    @Test
    void existingDestinationsGetANumericSuffixUnlessOverwriteIsGiven() throws Exception {
        Path source = TestImages.png(TestImages.gray(300, 300), folder.resolve("g.png"));
        Path target = folder.resolve("g.tif");
        Files.writeString(target, "keep me");

        assertThat(ic("-convert", source.toString(), target.toString()).code()).isZero();
        assertThat(Files.readString(target)).isEqualTo("keep me");
        assertThat(TiffReader.read(folder.resolve("g-1.tif")).directories()).hasSize(2);

        assertThat(ic("-convert", "-overwrite", source.toString(), target.toString()).code()).isZero();
        assertThat(TiffReader.read(target).directories()).hasSize(2);
    }

    @Test
    void convertsAFolderWithProgressSkippingHiddenAndNonImageFiles() throws Exception {
        Path in = Files.createDirectories(folder.resolve("in/sub"));
        TestImages.png(TestImages.gray(300, 200), in.resolve("a.png"));
        TestImages.jpeg(TestImages.rgb(300, 200), in.getParent().resolve("b.jpg"));
        TestImages.png(TestImages.gray(50, 50), in.resolve(".hidden.png"));
        Files.writeString(in.resolve("notes.txt"), "not an image");
        Path out = folder.resolve("out");

        Run run = ic("-convert", "-skiphidden", "-loglevel", "3", "-logprogressmsec", "0", in.getParent().toString(), out.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(out.resolve("sub/a.tif")).exists();
        assertThat(out.resolve("b.tif")).exists();
        assertThat(out.resolve("sub/.hidden.tif")).doesNotExist();
        assertThat(run.stdout()).contains("2 files to convert").contains("progress: 1/2 files (50%)")
                .contains("progress: 2/2 files (100%)").contains("not an image, skipped: ").contains("skipped hidden ")
                .contains("done: 2 converted, 0 failed");
    }

    @Test
    void aBrokenFileStopsTheFolderUnlessContinueOnError() throws Exception {
        Path in = Files.createDirectories(folder.resolve("in"));
        byte[] jpeg = TestImages.jpegBytes(TestImages.rgb(300, 200), 0.9f);
        Files.write(in.resolve("a-broken.jpg"), Arrays.copyOf(jpeg, 600));
        TestImages.png(TestImages.gray(300, 200), in.resolve("b.png"));

        Run stop = ic("-convert", in.toString(), folder.resolve("out1").toString());
        Run go = ic("-convert", "-continueonerror", in.toString(), folder.resolve("out2").toString());

        assertThat(stop.code()).isEqualTo(1);
        assertThat(stop.stderr()).contains("a-broken.jpg").contains("stopped after the first error");
        assertThat(folder.resolve("out1/b.tif")).doesNotExist();
        assertThat(go.code()).isEqualTo(1);
        assertThat(folder.resolve("out2/b.tif")).exists();
        assertThat(folder.resolve("out2/a-broken.tif")).doesNotExist();
        try (var files = Files.list(folder.resolve("out2"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no partial file left").containsExactly("b.tif");
        }
    }

    @Test
    void refusesAnImageOverTheMemoryLimitFromItsHeader() throws Exception {
        Path source = TestImages.png(TestImages.gray(2000, 2000), folder.resolve("big.png"));

        Run run = ic("-convert", "-maxmem", "10485760", source.toString(), folder.resolve("big.tif").toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.stderr()).contains("2000x2000 pixels need about").contains("over the limit of 10 MB");
        assertThat(ic("-convert", "-maxmem", "1000", source.toString(), folder.resolve("x.tif").toString()).code()).isEqualTo(2);
    }

    @Test
    void unsharpMaskSharpensReducedLevelsOnly() throws Exception {
        Path source = TestImages.png(TestImages.rectangleOnWhite(800, 600, new Rectangle(200, 150, 300, 200)), folder.resolve("s.png"));
        Path plain = folder.resolve("plain.tif");
        Path sharp = folder.resolve("sharp.tif");

        assertThat(ic("-convert", source.toString(), plain.toString()).code()).isZero();
        assertThat(ic("-convert", "-usm", "2", "1.5", "0", "0", source.toString(), sharp.toString()).code()).isZero();

        assertThat(ImageComparison.of(TestImages.readTiffLevel(sharp, 0), TestImages.readTiffLevel(plain, 0), 0, 0).maxDifference)
                .as("full resolution untouched").isZero();
        // sharpening overshoots on the dark side of the rectangle's left edge (x = 100 at level 1)
        assertThat(darkestGreenNearEdge(TestImages.readTiffLevel(sharp, 1)))
                .isLessThan(darkestGreenNearEdge(TestImages.readTiffLevel(plain, 1)) - 20);
    }

    private static int darkestGreenNearEdge(BufferedImage level) {
        int darkest = 255;
        for (int x = 95; x < 110; x++) {
            darkest = Math.min(darkest, (level.getRGB(x, 120) >> 8) & 0xFF);
        }
        return darkest;
    }

    @Test
    void cmykJpegBecomesRgbUnlessMaintainPixelTypeIsAsked() throws Exception {
        Path source = Files.write(folder.resolve("cmyk.jpg"), adobeCmykJpeg(300, 200, 255, 0, 255, 255));
        Path target = folder.resolve("cmyk.tif");

        Run run = ic("-convert", source.toString(), target.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(TiffReader.read(target).directories().get(0).first(TiffTag.SAMPLES_PER_PIXEL, 0)).as("samples per pixel").isEqualTo(3);
        int rgb = TestImages.readTiffLevel(target, 0).getRGB(150, 100);
        // stored 255,0,255,255 in Adobe's inverted convention is magenta ink only
        assertThat((rgb >> 16) & 0xFF).as("red").isGreaterThan(150);
        assertThat((rgb >> 8) & 0xFF).as("green").isLessThan(100);
        assertThat(rgb & 0xFF).as("blue").isGreaterThan(80);

        Run kept = ic("-convert", "-maintainpixeltype", source.toString(), folder.resolve("kept.tif").toString());
        assertThat(kept.code()).isEqualTo(1);
        assertThat(kept.stderr()).contains("-maintainpixeltype: writing CMYK pyramid TIFFs is not implemented");
    }

    /** A CMYK JPEG as Photoshop writes it: four components, an Adobe APP14 segment saying "no colour transform". */
    private static byte[] adobeCmykJpeg(int width, int height, int c, int m, int y, int k) throws Exception {
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_BYTE, width, height, 4, null);
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                raster.setPixel(i, j, new int[] {c, m, y, k});
            }
        }
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (javax.imageio.stream.MemoryCacheImageOutputStream out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(raster, null, null), writer.getDefaultWriteParam());
        }
        byte[] plain = bytes.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        segment(out, 0xEE, new byte[] {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0});
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    @Test
    void logFileAppendsByDefaultAndIsReplacedWithNoLogAppend() throws Exception {
        Path source = TestImages.png(TestImages.gray(300, 300), folder.resolve("g.png"));
        Path log = folder.resolve("logs/ic.log");

        Run first = ic("-convert", "-logfile", log.toString(), "-loglevel", "4", source.toString(), folder.resolve("a.tif").toString());
        Run second = ic("-convert", "-logfile", log.toString(), source.toString(), folder.resolve("b.tif").toString());

        assertThat(first.code()).isZero();
        assertThat(first.stdout() + second.stdout()).as("the log replaces stdout").isEmpty();
        assertThat(Files.readString(log)).contains("g.png -> " + folder.resolve("a.tif")).contains("level 1: 150x150")
                .contains("g.png -> " + folder.resolve("b.tif"));

        Run third = ic("-convert", "-nologappend", "-logfile", log.toString(), source.toString(), folder.resolve("c.tif").toString());
        assertThat(third.code()).isZero();
        assertThat(Files.readString(log)).doesNotContain("a.tif").contains("g.png -> " + folder.resolve("c.tif"));

        Run silent = ic("-convert", "-loglevel", "-1", source.toString(), folder.resolve("d.tif").toString());
        assertThat(silent.stdout()).isEmpty();
        assertThat(folder.resolve("d.tif")).exists();
    }

    @Test
    void applyClippathTurnsTheDesignatedPathIntoAlpha() throws Exception {
        byte[] jpeg = TestImages.jpegBytes(TestImages.rgb(400, 300), 0.9f);
        ByteArrayOutputStream withPath = new ByteArrayOutputStream();
        withPath.write(jpeg, 0, 2);
        segment(withPath, 0xED, concat("Photoshop 3.0\0".getBytes(StandardCharsets.ISO_8859_1),
                resource(2000, "Outline", rectanglePath(0.25, 0.25, 0.75, 0.75)),
                resource(2999, "", concat(new byte[] {7}, "Outline".getBytes(StandardCharsets.ISO_8859_1), new byte[] {0, 1}))));
        withPath.write(jpeg, 2, jpeg.length - 2);
        Path source = Files.write(folder.resolve("path.jpg"), withPath.toByteArray());
        Path clipped = folder.resolve("clipped.tif");
        Path plain = folder.resolve("plain.tif");

        Run run = ic("-convert", "-applyClippath", source.toString(), clipped.toString());
        assertThat(ic("-convert", source.toString(), plain.toString()).code()).isZero();

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("clip path applied as alpha");
        assertThat(TiffReader.read(plain).directories().get(0).first(TiffTag.SAMPLES_PER_PIXEL, 0)).isEqualTo(3);
        assertThat(TiffReader.read(clipped).directories().get(0).first(TiffTag.SAMPLES_PER_PIXEL, 0)).isEqualTo(4);
        BufferedImage level0 = TestImages.readTiffLevel(clipped, 0);
        assertThat(level0.getRGB(200, 150) >>> 24).as("inside").isEqualTo(255);
        assertThat(level0.getRGB(10, 10) >>> 24).as("outside").isZero();
        assertThat(level0.getRGB(380, 280) >>> 24).as("outside").isZero();
        assertThat(level0.getRGB(101, 150) >>> 24).as("just inside the left edge").isEqualTo(255);
        assertThat(level0.getRGB(98, 150) >>> 24).as("just outside the left edge").isZero();
        assertThat(level0.getRGB(200, 150) & 0xFFFFFF).as("colour kept").isEqualTo(TestImages.read(source).getRGB(200, 150) & 0xFFFFFF);
    }

    /** A Photoshop image resource block: "8BIM", id, padded Pascal name, size, padded data. */
    private static byte[] resource(int id, String name, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("8BIM".getBytes(StandardCharsets.ISO_8859_1));
        out.write(id >> 8);
        out.write(id & 0xFF);
        out.write(name.length());
        out.writeBytes(name.getBytes(StandardCharsets.ISO_8859_1));
        if ((name.length() + 1) % 2 == 1) {
            out.write(0);
        }
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(data);
        if (data.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** Photoshop path records for a closed rectangle with straight sides, in fractions of the image size. */
    private static byte[] rectanglePath(double left, double top, double right, double bottom) {
        java.nio.ByteBuffer records = java.nio.ByteBuffer.allocate(26 * 6);
        records.putShort((short) 6).put(new byte[24]); // path fill rule record
        records.putShort((short) 0).putShort((short) 4).put(new byte[22]); // closed subpath of 4 knots
        double[][] corners = {{top, left}, {top, right}, {bottom, right}, {bottom, left}};
        for (double[] corner : corners) {
            records.putShort((short) 2);
            for (int k = 0; k < 3; k++) { // preceding, anchor, leaving control points all on the corner
                records.putInt((int) Math.round(corner[0] * (1 << 24))).putInt((int) Math.round(corner[1] * (1 << 24)));
            }
        }
        return records.array();
    }

    @Test
    void badAndUnsupportedOptionsExitWithTwoAndSayWhy() {
        Run unknown = ic("-convert", "-frobnicate", "a", "b");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.stderr()).contains("-frobnicate").contains("Usage:");

        Run quiet = ic("-nousage", "-convert", "-frobnicate", "a", "b");
        assertThat(quiet.code()).isEqualTo(2);
        assertThat(quiet.stderr()).contains("-frobnicate").doesNotContain("Usage:");

        Run profile = ic("-convert", "-viewprofile", "x.icc", "a", "b");
        assertThat(profile.code()).isEqualTo(2);
        assertThat(profile.stderr()).contains("-viewprofile: cannot read x.icc");

        Run flashPix = ic("-convert", "-downsample8x8FlashPix", "a", "b");
        assertThat(flashPix.code()).isEqualTo(2);
        assertThat(flashPix.stderr()).contains("not published");

        Run missing = ic("-convert", "no-such-file.jpg", "out.tif");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.stderr()).contains("no-such-file.jpg does not exist");

        Run version = ic("-version");
        assertThat(version.code()).isZero();
        assertThat(version.stdout()).startsWith("ic (ImageServing) ");
    }
}
