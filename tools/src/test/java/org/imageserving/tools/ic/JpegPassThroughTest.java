package org.imageserving.tools.ic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imageserving.tools.ic.PyramidRoundTripTest.ic;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.imageserving.common.imaging.tiff.TiffDirectory;
import org.imageserving.common.imaging.tiff.TiffFile;
import org.imageserving.common.imaging.tiff.TiffReader;
import org.imageserving.common.imaging.tiff.TiffTag;
import org.imageserving.tools.ic.PyramidRoundTripTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Unless a color conversion or pixel type conversion is required, JPEG source image data is transferred to the PTIFF
 * without decoding": the full-resolution level is the source file's bytes; the options compress the other levels.
 */
class JpegPassThroughTest {
    @TempDir
    Path folder;

    private static byte[] stripOf(Path tiff) throws Exception {
        TiffDirectory first = TiffReader.read(tiff).directories().get(0);
        byte[] all = Files.readAllBytes(tiff);
        int offset = (int) first.values(TiffTag.STRIP_OFFSETS)[0];
        return Arrays.copyOfRange(all, offset, offset + (int) first.values(TiffTag.STRIP_BYTE_COUNTS)[0]);
    }

    @Test
    void theFullResolutionLevelIsTheSourceJpegUnchanged() throws Exception {
        Path source = TestImages.jpeg(TestImages.rgb(700, 500), folder.resolve("photo.jpg"));
        Path target = folder.resolve("photo.tif");

        Run run = ic("-convert", "-jpegPassThrough", "-lzwcompress", "-loglevel", "0", source.toString(), target.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("level 0: the source's JPEG data, copied without decoding");
        TiffFile structure = TiffReader.read(target);
        TiffDirectory first = structure.directories().get(0);
        assertThat(first.first(TiffTag.COMPRESSION, 0)).as("compression JPEG").isEqualTo(7);
        assertThat(first.first(TiffTag.PHOTOMETRIC_INTERPRETATION, 0)).as("photometric YCbCr").isEqualTo(6);
        assertThat(first.values(TiffTag.YCBCR_SUBSAMPLING)).as("the source's 4:2:0 sampling").containsExactly(2, 2);
        assertThat(first.has(TiffTag.TILE_WIDTH)).as("one strip, not tiles").isFalse();
        assertThat(stripOf(target)).isEqualTo(Files.readAllBytes(source));
        assertThat(structure.directories().get(1).first(TiffTag.COMPRESSION, 0)).as("the other levels: -lzwcompress").isEqualTo(5);
        ImageComparison c = ImageComparison.of(TestImages.readTiffLevel(target, 0), TestImages.read(source), 2, 0);
        assertThat(c.within).as(c.toString()).isGreaterThan(0.999);
        assertThat(TestImages.readTiffLevel(target, 1).getWidth()).isEqualTo(350);
    }

    @Test
    void grayJpegIsCopiedToo() throws Exception {
        Path source = TestImages.jpeg(TestImages.gray(600, 300), folder.resolve("gray.jpg"));
        Path target = folder.resolve("gray.tif");

        assertThat(ic("-convert", "-jpegPassThrough", source.toString(), target.toString()).code()).isZero();

        TiffDirectory first = TiffReader.read(target).directories().get(0);
        assertThat(first.first(TiffTag.PHOTOMETRIC_INTERPRETATION, 0)).as("photometric BlackIsZero").isEqualTo(1);
        assertThat(stripOf(target)).isEqualTo(Files.readAllBytes(source));
        assertThat(TestImages.readTiffLevel(target, 0).getRaster().getNumBands()).isEqualTo(1);
    }

    @Test
    void byDefaultOrForcedOrWithAColourConversionOrFromAProgressiveJpegLevelZeroIsReEncodedAndTiled() throws Exception {
        Path source = TestImages.jpeg(TestImages.rgb(700, 500), folder.resolve("photo.jpg"));
        Path progressive = folder.resolve("progressive.jpg");
        writeProgressive(TestImages.rgb(700, 500), progressive);
        Path srgb = Files.write(folder.resolve("sRGB.icc"),
                java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData());
        Path wide = Files.write(folder.resolve("wide.icc"), TestProfiles.wideGamutRgb());

        Path plain = folder.resolve("plain.tif");
        Path forced = folder.resolve("forced.tif");
        Path converted = folder.resolve("converted.tif");
        Path fromProgressive = folder.resolve("progressive.tif");
        assertThat(ic("-convert", source.toString(), plain.toString()).code()).as("the default").isZero();
        assertThat(ic("-convert", "-jpegPassThrough", "-forceJPEGDecompress", source.toString(), forced.toString())
                .code()).isZero();
        assertThat(ic("-convert", "-jpegPassThrough", "-imageprofile", wide.toString(), "-viewprofile", srgb.toString(),
                source.toString(), converted.toString()).code()).isZero();
        Run run = ic("-convert", "-jpegPassThrough", "-loglevel", "0", progressive.toString(), fromProgressive.toString());
        assertThat(run.code()).isZero();
        assertThat(run.stdout()).contains("level 0 re-encoded: the JPEG is progressive");

        for (Path tiff : new Path[] {plain, forced, converted, fromProgressive}) {
            TiffDirectory first = TiffReader.read(tiff).directories().get(0);
            assertThat(first.has(TiffTag.TILE_WIDTH)).as("%s is tiled", tiff.getFileName()).isTrue();
            assertThat(first.first(TiffTag.COMPRESSION, 0)).as("%s: deflate by default", tiff.getFileName()).isEqualTo(8);
        }
    }

    private static void writeProgressive(BufferedImage image, Path file) throws Exception {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
