package org.imageserving.is.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.imageserving.is.encode.avif.AvifSupport;
import org.imageserving.is.render.Pixels;
import org.imageserving.is.render.RenderException;
import org.imageserving.is.request.Attributes;
import org.imageserving.is.request.OutputCommands;
import org.imageserving.is.request.OutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.imageserving.testkit.DebianPackage;

/**
 * AVIF replies written through libheif and read back by a second program, {@code heif-convert} (libheif-examples: the
 * dav1d decoder and libheif's own colour conversion, none of our code), compared pixel by pixel; the colour boxes
 * read by exiftool. ImageMagick 6 is not used: its AVIF reader drops alpha and ignores the identity matrix of a
 * lossless file.
 */
class AvifEncoderTest {
    private static final Path LIBHEIF = Path.of("/usr/lib/x86_64-linux-gnu/libheif.so.1");
    private static final Path HEIF_CONVERT = Path.of("/usr/bin/heif-convert");
    private static final Path EXIFTOOL = Path.of("/usr/bin/exiftool");
    private static final Path ADOBE_RGB = Path.of("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc");

    @TempDir
    Path dir;

    @BeforeAll
    static void install() {
        DebianPackage.require(LIBHEIF, "libheif1");
        DebianPackage.require(HEIF_CONVERT, "libheif-examples");
        DebianPackage.require(EXIFTOOL, "libimage-exiftool-perl");
    }

    /** The tower photo at 300×450 in the working layout. */
    static BufferedImage photo() throws IOException {
        BufferedImage source = ImageIO.read(Path.of("..", "images", "samples", "tower.jpg").toFile());
        BufferedImage image = Pixels.create(300, 450);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, 300, 450, null);
        g.dispose();
        return image;
    }

    static OutputCommands output(String fmt, String qlt) {
        return OutputCommands.parse(qlt == null ? Map.of("fmt", fmt) : Map.of("fmt", fmt, "qlt", qlt),
                Attributes.DEFAULTS);
    }

    static byte[] encode(BufferedImage image, OutputCommands output, ReplyColor color) {
        return Encoders.standard().encode(image, output, color);
    }

    /**
     * qlt=90 against the original: at least 38 dB. This photo measured 41.8 dB (heif-convert, 4:2:0, speed 8);
     * a swapped channel, a wrong matrix or range, or a shifted row would fall below 25 dB.
     */
    @Test
    void lossyPhotoComesBackCloseToTheOriginal() throws Exception {
        BufferedImage photo = photo();
        byte[] avif = encode(photo, output("avif", "90"), ReplyColor.NONE);

        assertThat(new String(avif, 4, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftypavif");
        int[] back = decode(avif, 300, 450);
        double psnr = psnr(Pixels.data(photo), back, false);
        assertThat(psnr).as("PSNR of qlt=90").isGreaterThan(38);

        byte[] low = encode(photo, output("avif", "20"), ReplyColor.NONE);
        assertThat(low.length).as("qlt lowers the size").isLessThan(avif.length / 2);
        assertThat(psnr(Pixels.data(photo), decode(low, 300, 450), false)).as("and the fidelity").isLessThan(psnr);
    }

    @Test
    void losslessGivesTheSamePixels() throws Exception {
        BufferedImage photo = photo();
        int[] back = decode(encode(photo, output("avif,rgb,lossless", null), ReplyColor.NONE), 300, 450);
        assertThat(psnr(Pixels.data(photo), back, false)).isInfinite();
    }

    /** avif-alpha keeps the alpha channel: a transparent half, a half-transparent square, an opaque rest. */
    @Test
    void alphaIsKept() throws Exception {
        BufferedImage image = Pixels.create(64, 64);
        int[] d = Pixels.data(image);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                // premultiplied working pixels
                d[y * 64 + x] = x < 32 ? 0 : y < 32 ? 0x80008000 : 0xFF2060C0;
            }
        }
        int[] back = decode(encode(image, output("avif-alpha", "95"), ReplyColor.NONE), 64, 64);
        assertThat(back[10 * 64 + 10] >>> 24).as("transparent").isLessThan(8);
        int half = back[16 * 64 + 48];
        assertThat(half >>> 24).as("half-transparent").isBetween(120, 136);
        assertThat((half >> 8) & 0xFF).as("straight green").isGreaterThan(235);
        int opaque = back[48 * 64 + 48];
        assertThat(opaque >>> 24).isGreaterThan(250);
        assertThat(opaque & 0xFFFFFF).satisfies(c -> assertThat(distance(c, 0x2060C0)).isLessThan(12));

        int[] flat = decode(encode(image, output("avif", "95"), ReplyColor.NONE), 64, 64);
        assertThat(flat[10 * 64 + 10] >>> 24).as("avif has no alpha").isEqualTo(255);
    }

    /**
     * Without iccEmbed the reply is tagged sRGB by an nclx box (BT.709 primaries, sRGB transfer); iccEmbed=1 writes
     * the output profile byte for byte instead.
     */
    @Test
    void theReplyIsTaggedSrgbOrCarriesTheOutputProfile() throws Exception {
        BufferedImage photo = photo();
        Path untagged = Files.write(dir.resolve("untagged.avif"), encode(photo, output("avif", null), ReplyColor.NONE));
        String tags = run(List.of(EXIFTOOL.toString(), "-ColorProfiles", "-ColorPrimaries",
                "-TransferCharacteristics", "-MatrixCoefficients", "-ICC_Profile:all", untagged.toString()));
        assertThat(tags).contains("nclx").contains("BT.709").contains("sRGB").doesNotContain("Profile Description");

        ICC_Profile adobe = ICC_Profile.getInstance(DebianPackage.require(ADOBE_RGB, "icc-profiles-free").toString());
        Path tagged = Files.write(dir.resolve("tagged.avif"),
                encode(photo, output("avif", null), new ReplyColor(null, adobe, 0)));
        Process p = new ProcessBuilder(EXIFTOOL.toString(), "-b", "-ICC_Profile", tagged.toString()).start();
        byte[] icc = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(icc).isEqualTo(adobe.getData());
    }

    @Test
    void avifRefusesGrayAndCmykAndUnknownCompression() {
        assertThatThrownBy(() -> output("avif,gray", null)).isInstanceOf(RenderException.class)
                .hasMessageContaining("avif has no gray pixel type");
        assertThatThrownBy(() -> output("avif,cmyk", null)).isInstanceOf(RenderException.class)
                .hasMessageContaining("avif has no cmyk pixel type");
        assertThatThrownBy(() -> output("avif,rgb,zip", null)).isInstanceOf(RenderException.class)
                .hasMessageContaining("AVIF compression must be lossy or lossless");
    }

    /** Without libheif the format is refused naming the Debian packages (a library name that does not exist). */
    @Test
    void aMissingLibheifIsRefusedNamingThePackages() {
        AvifSupport missing = AvifSupport.load("libheif-not-installed.so.1");
        assertThat(missing.missing()).get().asString().contains("libheif1").contains("libheif-plugin-aomenc");
        Encoder encoder = new AvifEncoder(missing);
        assertThatThrownBy(() -> encoder.encode(Pixels.create(8, 8), output("avif", null), ReplyColor.NONE))
                .isInstanceOf(RenderException.class).hasMessageContaining("fmt=avif")
                .hasMessageContaining("libheif1")
                .satisfies(e -> assertThat(((RenderException) e).status()).isEqualTo(403));
        assertThat(AvifSupport.system().missing()).as("this machine has libheif with AV1").isEmpty();
        assertThat(OutputFormat.parse("avif-alpha")).contains(OutputFormat.AVIF_ALPHA);
    }

    /** heif-convert decodes the file to a PNG (with alpha when the file has it). */
    private int[] decode(byte[] avif, int width, int height) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "reply", ".avif"), avif);
        Path png = dir.resolve(file.getFileName() + ".png");
        run(List.of(HEIF_CONVERT.toString(), file.toString(), png.toString()));
        BufferedImage back = ImageIO.read(png.toFile());
        assertThat(back.getWidth()).isEqualTo(width);
        assertThat(back.getHeight()).isEqualTo(height);
        return back.getRGB(0, 0, width, height, null, 0, width);
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** PSNR over R, G and B (opaque images). */
    static double psnr(int[] a, int[] b, boolean alpha) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= (alpha ? 24 : 16); shift += 8) {
                int d = ((a[i] >> shift) & 0xFF) - ((b[i] >> shift) & 0xFF);
                sum += d * d;
            }
        }
        double mse = sum / (a.length * (alpha ? 4.0 : 3.0));
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }

    private static int distance(int c1, int c2) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs(((c1 >> shift) & 0xFF) - ((c2 >> shift) & 0xFF)));
        }
        return d;
    }
}
