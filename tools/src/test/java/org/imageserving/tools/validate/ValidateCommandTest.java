package org.imageserving.tools.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.imageserving.tools.ic.IcCommandAccess;
import org.imageserving.tools.ic.TestImages;
import org.imageserving.tools.ptiff.Compression;
import org.imageserving.tools.ptiff.InterleavedImage;
import org.imageserving.tools.ptiff.PyramidTiffWriter;
import org.imageserving.tools.ptiff.TiffOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate on good, truncated and hostile files, through its command line. */
class ValidateCommandTest {
    @TempDir
    Path folder;
    Path goodJpeg;
    Path goodPng;
    Path ptiff;

    @BeforeEach
    void goodFiles() throws Exception {
        goodJpeg = TestImages.jpeg(TestImages.rgb(640, 480), folder.resolve("good.jpg"));
        goodPng = TestImages.png(TestImages.rgba(300, 200), folder.resolve("good.png"));
        ptiff = folder.resolve("good.tif");
        assertThat(IcCommandAccess.convert(goodJpeg, ptiff, "-jpegcompress")).isZero();
    }

    record Run(int code, String stdout, String stderr) {
    }

    static Run validate(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ValidateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void psdAndPictAreAnyInputsAndEpsIsRefusedWithTheReason() throws Exception {
        Path psd = Files.write(folder.resolve("good.psd"), org.imageserving.tools.image.TestPsd.write(120, 80,
                org.imageserving.tools.image.TestPsd.RGB, 3, 8, (x, y, c) -> (x + y * c) & 0xFF, null));
        Path pict = folder.resolve("good.pict");
        assertThat(javax.imageio.ImageIO.write(TestImages.rgb(120, 80), "pict", pict.toFile())).isTrue();
        byte[] whole = Files.readAllBytes(psd);
        Path cut = Files.write(folder.resolve("cut.psd"), Arrays.copyOf(whole, whole.length / 2));
        Path eps = Files.writeString(folder.resolve("art.eps"), "%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n");

        Run good = validate("-any", "-readPixels", psd.toString(), pict.toString());
        Run truncated = validate("-any", "-readPixels", cut.toString());
        Run refused = validate("-any", eps.toString());

        assertThat(good.code()).as(good.toString()).isZero();
        assertThat(truncated.code()).as(truncated.toString()).isEqualTo(1);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.stderr()).contains("art.eps: invalid: EPS is not supported");
    }

    @Test
    void goodFilesPassTheQuickAndTheFullCheck() {
        for (String[] args : new String[][] {
                {"-jpeg", goodJpeg.toString()}, {"-any", goodPng.toString()}, {"-ptif", ptiff.toString()},
                {"-any", goodJpeg.toString(), goodPng.toString(), ptiff.toString()}}) {
            Run quick = validate(args);
            assertThat(quick.code()).as("%s: %s", Arrays.toString(args), quick).isZero();
            assertThat(quick.stderr()).isEmpty();
            String[] full = Arrays.copyOf(args, args.length + 1);
            full[args.length] = "-readPixels";
            assertThat(validate(full).code()).as("-readPixels %s", Arrays.toString(args)).isZero();
        }
        Run verbose = validate("-ptif", "-verbose", ptiff.toString());
        assertThat(verbose.stdout()).contains("good.tif: valid (TIFF 640x480, 3 levels)").contains("1 files, 0 invalid");
    }

    @Test
    void aTruncatedJpegFailsBothChecksAndAPatchedTailFailsWhenPixelsAreRead() throws Exception {
        byte[] jpeg = Files.readAllBytes(goodJpeg);
        Path cut = Files.write(folder.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        byte[] patched = Arrays.copyOf(jpeg, jpeg.length / 2 + 2);
        patched[patched.length - 2] = (byte) 0xFF;
        patched[patched.length - 1] = (byte) 0xD9;
        Path disguised = Files.write(folder.resolve("disguised.jpg"), patched);

        Run quick = validate("-jpeg", cut.toString());
        assertThat(quick.code()).isEqualTo(1);
        assertThat(quick.stderr()).contains("cut.jpg: invalid: no end-of-image marker");
        assertThat(validate("-jpeg", "-readPixels", cut.toString()).code()).isEqualTo(1);

        assertThat(validate("-jpeg", disguised.toString()).code()).as("header and tail look fine").isZero();
        Run full = validate("-jpeg", "-readPixels", disguised.toString());
        assertThat(full.code()).isEqualTo(1);
        assertThat(full.stderr()).contains("disguised.jpg: invalid: damaged image data");
    }

    @Test
    void aHeaderClaimingTenGigapixelsIsRefusedBeforeDecoding() throws Exception {
        Path png = Files.write(folder.resolve("bomb.png"), pngClaiming(100_000, 100_000));
        Path jpeg = Files.write(folder.resolve("bomb.jpg"), jpegClaiming(65_000, 65_000));

        for (Path bomb : new Path[] {png, jpeg}) {
            Run run = validate("-any", "-readPixels", bomb.toString());
            assertThat(run.code()).as(run.toString()).isEqualTo(1);
            assertThat(run.stderr()).contains("over the limit of").contains("not decoded");
        }
        assertThat(validate("-any", png.toString()).stderr()).contains("header claims 100000x100000 pixels (10000 megapixels)");
    }

    /** A PNG whose IHDR claims the given size, followed by a few bytes of image data and IEND. */
    static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x63, 0, 0, 0, 1, 0, 1});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A baseline JPEG header whose SOF claims the given size, then a scan of a few bytes and EOI. */
    static byte[] jpegClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 11, 8, (byte) (height >> 8), (byte) height,
                (byte) (width >> 8), (byte) width, 1, 1, 0x11, 0});
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 0, 63, 0, 1, 2, 3});
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }

    @Test
    void garbageAndEmptyFilesAreInvalid() throws Exception {
        byte[] noise = new byte[5000];
        new Random(3).nextBytes(noise);
        Path garbage = Files.write(folder.resolve("garbage.jpg"), noise);
        Path empty = Files.write(folder.resolve("empty.jpg"), new byte[0]);

        Run run = validate("-any", garbage.toString(), empty.toString(), goodJpeg.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.stderr()).contains("garbage.jpg: invalid: not an image in a supported format")
                .contains("empty.jpg: invalid: empty file (0 bytes)").doesNotContain("good.jpg");
        assertThat(validate("-jpeg", goodPng.toString()).stderr()).contains("good.png: invalid: not a JPEG file (it is PNG)");
    }

    @Test
    void aTruncatedPyramidTiffIsCaughtFromItsDirectories() throws Exception {
        byte[] whole = Files.readAllBytes(ptiff);
        // ic writes each level's tiles before its directory: cutting after the first directory keeps it readable
        // while its tiles are intact, but the later levels' directories are lost or point past the end
        Path cut = Files.write(folder.resolve("cut.tif"), Arrays.copyOf(whole, whole.length - 100));
        Path headerOnly = Files.write(folder.resolve("header.tif"), Arrays.copyOf(whole, 4000));

        Run run = validate("-ptif", cut.toString(), headerOnly.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.stderr()).contains("cut.tif: invalid: TIFF structure: structure points past the end of the file")
                .contains("header.tif: invalid: TIFF structure: structure points past the end of the file");
    }

    @Test
    void truncatedPngGifAndStripTiffAreCaughtWithoutDecoding() throws Exception {
        Path gif = folder.resolve("good.gif");
        javax.imageio.ImageIO.write(TestImages.rgb(200, 100), "gif", gif.toFile());
        Path tiff = folder.resolve("strips.tif");
        javax.imageio.ImageIO.write(TestImages.rgb(200, 100), "tiff", tiff.toFile());
        assertThat(validate("-any", goodPng.toString(), gif.toString(), tiff.toString()).code()).isZero();

        for (Path good : new Path[] {goodPng, gif, tiff}) {
            byte[] whole = Files.readAllBytes(good);
            Path cut = Files.write(folder.resolve("cut-" + good.getFileName()), Arrays.copyOf(whole, whole.length - 20));
            Run run = validate("-any", cut.toString());
            assertThat(run.code()).as("%s: %s", cut, run).isEqualTo(1);
            assertThat(run.stderr()).contains("(truncated?)");
        }
    }

    @Test
    void sixteenBitImagesAreRejectedOnlyWhenAsked() throws Exception {
        Path png16 = TestImages.png(TestImages.rgb16(200, 100), folder.resolve("deep.png"));

        assertThat(validate("-any", png16.toString()).code()).isZero();
        Run rejected = validate("-any", "-reject16BitPerComponent", png16.toString());
        assertThat(rejected.code()).isEqualTo(1);
        assertThat(rejected.stderr()).contains("16 bits per component (-reject16BitPerComponent)");
    }

    @Test
    void aDamagedColorProfileFailsOnlyWithValidateColorProfile() throws Exception {
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        byte[] good = withIcc(Files.readAllBytes(goodJpeg), icc);
        byte[] damaged = icc.clone();
        damaged[3] ^= 0x10; // declared size no longer matches
        Path withGood = Files.write(folder.resolve("icc-good.jpg"), good);
        Path withDamaged = Files.write(folder.resolve("icc-damaged.jpg"), withIcc(Files.readAllBytes(goodJpeg), damaged));

        assertThat(validate("-jpeg", "-validatecolorprofile", withGood.toString()).code()).isZero();
        assertThat(validate("-jpeg", withDamaged.toString()).code()).isZero();
        Run run = validate("-jpeg", "-validatecolorprofile", withDamaged.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.stderr()).contains("embedded ICC profile says");
    }

    private static byte[] withIcc(byte[] jpeg, byte[] icc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        byte[] header = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
        int length = header.length + 2 + icc.length + 2;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE2, (byte) (length >> 8), (byte) length});
        out.writeBytes(header);
        out.writeBytes(new byte[] {1, 1});
        out.writeBytes(icc);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void fileListStopOnErrorSilentAndUsage() throws Exception {
        Path garbage = Files.write(folder.resolve("a-garbage.png"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        Path empty = Files.write(folder.resolve("b-empty.png"), new byte[0]);
        Path list = Files.writeString(folder.resolve("list.txt"), garbage + "\n\n" + empty + "\n" + goodPng + "\n");

        Run all = validate("-any", "-fileList", list.toString());
        assertThat(all.code()).isEqualTo(1);
        assertThat(all.stderr()).contains("a-garbage.png").contains("b-empty.png");

        Run first = validate("-any", "-stopOnError", "-fileList", list.toString());
        assertThat(first.stderr()).contains("a-garbage.png").doesNotContain("b-empty.png");

        Run silent = validate("-any", "-silent", garbage.toString());
        assertThat(silent.code()).isEqualTo(1);
        assertThat(silent.stdout() + silent.stderr()).isEmpty();

        assertThat(validate("-any", "-fileList", list.toString(), goodPng.toString()).code()).isEqualTo(2);
        Run noType = validate(goodPng.toString());
        assertThat(noType.code()).isEqualTo(2);
        assertThat(noType.stderr()).contains("give the file type");
        assertThat(validate("-version").stdout()).startsWith("validate (ImageServing) ");
    }

    @Test
    void levelsThatDoNotHalveAreNotAPyramid() throws Exception {
        Path skipping = folder.resolve("skipping.tif");
        try (PyramidTiffWriter writer = new PyramidTiffWriter(skipping,
                new TiffOptions(Compression.LZW, 90, false, 0, null, null, "test"))) {
            writer.writeLevel(InterleavedImage.adopt(new byte[640 * 480], 640, 480, 1, false));
            writer.writeLevel(InterleavedImage.adopt(new byte[160 * 120], 160, 120, 1, false)); // a quarter: a level is missing
        }

        Run run = validate("-ptif", skipping.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.stderr()).contains("skipping.tif: invalid: the levels do not each halve the one before");
    }
}
