package org.imageserving.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.imageserving.dist.ExternalTools.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PTIFFs written by the real bin/ic open in other programs: libtiff's tiffinfo and tiffdump accept them, libvips reads
 * their size, and every level libvips decodes (through libtiff) has the same pixels the JDK's TIFF reader gets:
 * exactly for lossless compression, within a few levels for JPEG (two JPEG decoders round differently). bin/validate
 * accepts them all with -readPixels and refuses a truncated copy. ImageMagick reads every level with the same size
 * and pixels too (skipped, with the reason, only where ImageMagick cannot be installed).
 */
class PyramidTiffInteropIT {
    @TempDir
    static Path folder;
    static final List<Path> written = new ArrayList<>();

    @BeforeAll
    static void convertEveryVariant() throws Exception {
        ExternalTools.require();
        Path sources = Files.createDirectories(folder.resolve("sources"));
        ImageIO.write(rgb(1100, 700), "jpeg", sources.resolve("rgb.jpg").toFile());
        ImageIO.write(gray(1100, 700), "png", sources.resolve("gray.png").toFile());
        ImageIO.write(rgba(1100, 700), "png", sources.resolve("rgba.png").toFile());
        ImageIO.write(rgb16(1100, 700), "png", sources.resolve("rgb16.png").toFile());
        ImageIO.write(palette(1100, 700), "png", sources.resolve("palette.png").toFile());
        String[][] runs = {
                {}, {"-lzwcompress"}, {"-uncompressed"}, {"-jpegcompress"}, {"-jpegcompress", "-fullsamplechrominance"}};
        for (String[] options : runs) {
            String name = options.length == 0 ? "deflate" : String.join("", options).replace("-", "_");
            Path out = folder.resolve(name);
            List<String> args = new ArrayList<>(List.of("-convert", "-loglevel", "2", "-logprogressmsec", "0"));
            args.addAll(Arrays.asList(options));
            args.add(sources.toString());
            args.add(out.toString());
            Result ic = ExternalTools.script("ic", args, folder);
            assertThat(ic.exitCode()).as("bin/ic %s: %s", args, ic).isZero();
            assertThat(ic.stdout()).contains("5 files to convert").contains("progress: 5/5 files (100%)");
            try (var files = Files.list(out)) {
                written.addAll(files.sorted().toList());
            }
        }
        assertThat(written).hasSize(25);
    }

    @Test
    void libtiffToolsAcceptEveryFile() {
        for (Path file : written) {
            Result info = ExternalTools.run(folder, List.of("tiffinfo", file.toString()), 60);
            assertThat(info.exitCode()).as("tiffinfo %s: %s", file, info).isZero();
            assertThat(info.stderr()).as("tiffinfo %s", file).isEmpty();
            assertThat(info.stdout()).contains("Image Width: 1100 Image Length: 700").contains("Tile Width: 256 Tile Length: 256")
                    .contains("Image Width: 138 Image Length: 88").contains("reduced-resolution image");
            Result dump = ExternalTools.run(folder, List.of("tiffdump", file.toString()), 60);
            assertThat(dump.exitCode()).as("tiffdump %s: %s", file, dump).isZero();
            assertThat(dump.stdout()).contains("TileOffsets").contains("TileByteCounts");
        }
    }

    @Test
    void libvipsDecodesEveryLevelToTheSamePixels() throws Exception {
        for (Path file : written) {
            Result header = ExternalTools.run(folder, List.of("vipsheader", "-a", file.toString()), 60);
            assertThat(header.exitCode()).as("vipsheader %s: %s", file, header).isZero();
            assertThat(header.stdout()).contains("1100x700").contains("n-pages: 4");
            for (int level = 0; level < 4; level++) {
                Path png = folder.resolve("vips-" + level + ".png");
                Result copy = ExternalTools.run(folder, List.of("vips", "copy", file + "[page=" + level + "]", png.toString()), 120);
                assertThat(copy.exitCode()).as("vips copy %s level %d: %s", file, level, copy).isZero();
                Raster byVips = ImageIO.read(png.toFile()).getRaster();
                Raster byJdk = jdkTiffLevel(file, level).getRaster();
                assertThat(byVips.getNumBands()).as("%s level %d bands", file, level).isEqualTo(byJdk.getNumBands());
                int[] worst = difference(byVips, byJdk);
                if (isJpeg(file, level)) {
                    assertThat(worst[1]).as("%s level %d: mean difference x1000", file, level).isLessThanOrEqualTo(1000);
                    assertThat(worst[0]).as("%s level %d: max difference", file, level).isLessThanOrEqualTo(12);
                } else {
                    assertThat(worst[0]).as("%s level %d: max difference", file, level).isZero();
                }
            }
        }
    }

    @Test
    void imageMagickReadsEveryLevelWithTheSameSizeAndPixels() throws Exception {
        String unavailable = ExternalTools.imageMagickUnavailable();
        Assumptions.assumeTrue(unavailable == null, unavailable);
        int[][] sizes = {{1100, 700}, {550, 350}, {275, 175}, {138, 88}};
        for (Path file : written) {
            List<String> identifyCommand = new ArrayList<>(ExternalTools.imageMagick("identify"));
            identifyCommand.addAll(List.of("-format", "%w %h\\n", file.toString()));
            Result identify = ExternalTools.run(folder, identifyCommand, 60);
            assertThat(identify.exitCode()).as("identify %s: %s", file, identify).isZero();
            assertThat(identify.stdout().strip().split("\n")).as("identify %s", file)
                    .containsExactly("1100 700", "550 350", "275 175", "138 88");
            for (int level = 0; level < 4; level++) {
                Path png = folder.resolve("magick-" + level + ".png");
                Raster byJdk = asRgb(jdkTiffLevel(file, level).getRaster());
                boolean sixteen = byJdk.getSampleModel().getSampleSize(0) == 16;
                boolean alpha = byJdk.getNumBands() == 4;
                // an explicit PNG type: always RGB(A), never a palette or gray ImageMagick might pick for a smaller file
                String type = sixteen ? (alpha ? "PNG64:" : "PNG48:") : alpha ? "PNG32:" : "PNG24:";
                List<String> convertCommand = new ArrayList<>(ExternalTools.imageMagick("convert"));
                convertCommand.addAll(List.of(file + "[" + level + "]", type + png));
                Result convert = ExternalTools.run(folder, convertCommand, 120);
                assertThat(convert.exitCode()).as("convert %s level %d: %s", file, level, convert).isZero();
                Raster byMagick = ImageIO.read(png.toFile()).getRaster();
                assertThat(byMagick.getWidth()).as("%s level %d", file, level).isEqualTo(sizes[level][0]);
                assertThat(byMagick.getHeight()).as("%s level %d", file, level).isEqualTo(sizes[level][1]);
                assertThat(byMagick.getNumBands()).as("%s level %d bands", file, level).isEqualTo(byJdk.getNumBands());
                int[] worst = difference(byMagick, byJdk);
                if (isJpeg(file, level)) {
                    assertThat(worst[1]).as("%s level %d: mean difference x1000", file, level).isLessThanOrEqualTo(1000);
                    assertThat(worst[0]).as("%s level %d: max difference", file, level).isLessThanOrEqualTo(12);
                } else {
                    assertThat(worst[0]).as("%s level %d: max difference", file, level).isZero();
                }
            }
        }
    }

    /** Gray (+ alpha) samples repeated into R, G, B (+ alpha), as ImageMagick writes them to an RGB PNG. */
    private static Raster asRgb(Raster raster) {
        int bands = raster.getNumBands();
        if (bands >= 3) {
            return raster;
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        WritableRaster rgb = Raster.createInterleavedRaster(raster.getDataBuffer().getDataType(), width, height,
                bands == 1 ? 3 : 4, null);
        int[] pixel = new int[bands];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.getPixel(x, y, pixel);
                rgb.setPixel(x, y, bands == 1 ? new int[] {pixel[0], pixel[0], pixel[0]}
                        : new int[] {pixel[0], pixel[0], pixel[0], pixel[1]});
            }
        }
        return rgb;
    }

    @Test
    void validateAcceptsTheFilesAndRefusesATruncatedCopy() throws Exception {
        List<String> args = new ArrayList<>(List.of("-ptif", "-readPixels"));
        written.forEach(f -> args.add(f.toString()));
        Result all = ExternalTools.script("validate", args, folder);
        assertThat(all.exitCode()).as("bin/validate: %s", all).isZero();

        byte[] whole = Files.readAllBytes(written.get(0));
        Path cut = Files.write(folder.resolve("cut.tif"), Arrays.copyOf(whole, whole.length * 2 / 3));
        Result truncated = ExternalTools.script("validate", List.of("-ptif", cut.toString()), folder);
        assertThat(truncated.exitCode()).isEqualTo(1);
        assertThat(truncated.stderr()).contains("cut.tif: invalid: ");
    }

    @Test
    void theShippedSamplePhotosConvertValidateAndOpenInLibvips() throws Exception {
        Path out = folder.resolve("samples-ptiff");
        Result ic = ExternalTools.script("ic", List.of("-convert", "-jpegcompress", "-loglevel", "3",
                TestInstallation.CHECKOUT.resolve("images").toString(), out.toString()), folder);
        assertThat(ic.exitCode()).as(ic.toString()).isZero();
        assertThat(ic.stdout()).contains("-jpegcompress ignored: the source has alpha"); // tiles.png

        List<String> converted = new ArrayList<>(List.of("-ptif", "-readPixels", "-verbose"));
        try (var files = Files.walk(out)) {
            files.filter(f -> f.toString().endsWith(".tif")).sorted().forEach(f -> converted.add(f.toString()));
        }
        assertThat(converted).hasSize(6);
        Result validate = ExternalTools.script("validate", converted, folder);
        assertThat(validate.exitCode()).as(validate.toString()).isZero();
        assertThat(validate.stdout()).contains("landscape.tif: valid (TIFF 1600x1067, 4 levels)")
                .contains("tower.tif: valid (TIFF 600x900, 3 levels)").contains("tiles.tif: valid (TIFF 640x480, 3 levels)");
        for (String file : converted.subList(3, converted.size())) {
            Result header = ExternalTools.run(folder, List.of("vipsheader", file), 60);
            assertThat(header.exitCode()).as("vipsheader %s: %s", file, header).isZero();
        }
    }

    /**
     * Whether a level holds JPEG data, which two decoders may round differently: every level of the -jpegcompress
     * runs (except for sources JPEG cannot hold).
     */
    private static boolean isJpeg(Path file, int level) {
        String name = file.getFileName().toString();
        return file.getParent().getFileName().toString().contains("jpeg") && !name.matches("(rgba|palette|rgb16)\\.tif");
    }

    /** {max difference, mean difference × 1000} over every sample. */
    private static int[] difference(Raster a, Raster b) {
        assertThat(a.getWidth()).isEqualTo(b.getWidth());
        assertThat(a.getHeight()).isEqualTo(b.getHeight());
        long sum = 0;
        long count = 0;
        int max = 0;
        int[] rowA = new int[a.getWidth() * a.getNumBands()];
        int[] rowB = new int[rowA.length];
        for (int y = 0; y < a.getHeight(); y++) {
            a.getPixels(0, y, a.getWidth(), 1, rowA);
            b.getPixels(0, y, b.getWidth(), 1, rowB);
            for (int i = 0; i < rowA.length; i++) {
                int d = Math.abs(rowA[i] - rowB[i]);
                max = Math.max(max, d);
                sum += d;
                count++;
            }
        }
        return new int[] {max, (int) (sum * 1000 / count)};
    }

    private static BufferedImage jdkTiffLevel(Path file, int level) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("tiff");
            while (readers.hasNext()) {
                ImageReader reader = readers.next();
                if (reader.getClass().getName().equals("com.sun.imageio.plugins.tiff.TIFFImageReader")) {
                    reader.setInput(in);
                    return reader.read(level);
                }
            }
        }
        throw new AssertionError("no JDK TIFF reader");
    }

    static BufferedImage rgb(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = x * 255 / width;
                int g = y * 255 / height;
                int b = (int) (128 + 100 * Math.sin(x / 40.0 + y / 60.0));
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    static BufferedImage gray(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, (int) (128 + 90 * Math.sin(x / 37.0) * Math.cos(y / 23.0)));
            }
        }
        return image;
    }

    static BufferedImage rgba(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        BufferedImage color = rgb(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int alpha = Math.max(0, Math.min(255, (int) (255 * (1.2 - 2 * Math.hypot((double) x / width - 0.5, (double) y / height - 0.5)))));
                image.setRGB(x, y, (alpha << 24) | (color.getRGB(x, y) & 0xFFFFFF));
            }
        }
        return image;
    }

    static BufferedImage rgb16(int width, int height) {
        ComponentColorModel model = new ComponentColorModel(java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
                false, false, java.awt.Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                raster.setSample(x, y, 0, x * 65535 / (width - 1));
                raster.setSample(x, y, 1, y * 65535 / (height - 1));
                raster.setSample(x, y, 2, (int) (32768 + 30000 * Math.sin((x + y) / 50.0)));
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    static BufferedImage palette(int width, int height) {
        byte[] r = new byte[16];
        byte[] g = new byte[16];
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            r[i] = (byte) (i * 16);
            g[i] = (byte) (255 - i * 12);
            b[i] = (byte) ((i * 53) % 256);
        }
        IndexColorModel model = new IndexColorModel(4, 16, r, g, b, 0);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, model);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, ((x / 100) + (y / 70)) % 16);
            }
        }
        return image;
    }
}
